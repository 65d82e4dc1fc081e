package fr.consenti.server.accounts;

/**
 * The machine behind an API request, as its API key says: the professional the request acts for and, for a call
 * centre's key, the delegation it acts under. Controllers take it with {@code @AuthenticationPrincipal ApiCaller}.
 *
 * @param professionalId the professional everything this request does counts for
 * @param delegationId   the delegation of a call centre's key, or null for the professional's own key
 * @param apiKeyId       the key used, for audit and last-use time
 */
public record ApiCaller(long professionalId, Long delegationId, long apiKeyId) {
}
