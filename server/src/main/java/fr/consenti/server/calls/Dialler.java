package fr.consenti.server.calls;

import java.util.List;

/**
 * Who dials, as the API key says: the professional everything counts for (database id and SIREN) and, for a call
 * centre's key scoped to a delegation, the call centre's SIREN ({@code CallRequest.callCentre}; 0 otherwise) and the
 * purposes the delegation covers ({@code null}: all of them, or no delegation).
 */
record Dialler(long professionalId, int professionalSiren, int callCentreSiren, Long delegationId, long apiKeyId,
               List<String> delegatedPurposes) {

    Dialler(long professionalId, int professionalSiren, int callCentreSiren, Long delegationId, long apiKeyId) {
        this(professionalId, professionalSiren, callCentreSiren, delegationId, apiKeyId, null);
    }

    /** Whether this dialler may call for {@code purpose}: a call centre only within its delegation. */
    boolean mayCallFor(String purpose) {
        return delegatedPurposes == null || delegatedPurposes.contains(purpose);
    }

    String callCentre() {
        return callCentreSiren == 0 ? null : String.format("%09d", callCentreSiren);
    }

    String professional() {
        return String.format("%09d", professionalSiren);
    }
}
