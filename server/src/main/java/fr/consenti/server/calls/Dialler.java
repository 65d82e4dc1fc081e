package fr.consenti.server.calls;

/**
 * Who dials, as the API key says: the professional everything counts for (database id and SIREN) and, for a call
 * centre's key scoped to a delegation, the call centre's SIREN ({@code CallRequest.callCentre}; 0 otherwise).
 */
record Dialler(long professionalId, int professionalSiren, int callCentreSiren, Long delegationId, long apiKeyId) {

    String callCentre() {
        return callCentreSiren == 0 ? null : String.format("%09d", callCentreSiren);
    }

    String professional() {
        return String.format("%09d", professionalSiren);
    }
}
