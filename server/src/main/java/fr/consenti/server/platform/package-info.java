/**
 * What the features share: the clock, page languages, API docs, and errors.
 *
 * <p>Errors: a feature refuses a request by throwing Spring's {@code ErrorResponseException} (or
 * {@code ResponseStatusException}) whose {@code ProblemDetail} carries its own {@code code} property (a stable
 * code from RULES.md §12 where one applies); {@link fr.consenti.server.platform.ProblemDetails} keeps that code
 * and gives every other error one. An exception annotated {@code @ResponseStatus} keeps its status. Anything
 * else is a logged {@code INTERNAL_ERROR}. Security exceptions thrown inside controllers would land there
 * too: the security configuration must translate them before (or this advice must learn them).
 */
package fr.consenti.server.platform;
