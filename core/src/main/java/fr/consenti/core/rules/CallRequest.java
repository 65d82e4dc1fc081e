package fr.consenti.core.rules;

import fr.consenti.core.number.ParseOutcome;
import java.time.Instant;
import java.util.Objects;

/**
 * A call a dialler is about to make (or made, for an audit).
 *
 * @param callee          the parsed number to call: a {@code FrenchNumber}, or the {@code NumberError} the parser gave
 *
 * @param professional    SIREN of the professional the call is made for
 * @param callCentre      SIREN of the call centre dialling on its behalf, or 0 when the professional dials
 * @param purpose         what the call is about, matched against a consent's scope
 * @param departement     the callee's département from their address ("57", "2A", "974"), or null; wins over the number
 * @param b2b             the line is known to belong to a business, called for its trade
 * @param ongoingContract the call is within an ongoing contract with the callee, about its object
 */
public record CallRequest(ParseOutcome callee, CallerId callerId, int professional, int callCentre, String purpose,
                          Sector sector, Instant at, String departement, boolean b2b, boolean ongoingContract) {

    public CallRequest {
        Objects.requireNonNull(callee, "callee");
        Objects.requireNonNull(callerId, "callerId");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(sector, "sector");
        Objects.requireNonNull(at, "at");
    }

    /** The same request at another instant. */
    public CallRequest at(Instant when) {
        return new CallRequest(callee, callerId, professional, callCentre, purpose, sector, when, departement, b2b,
                ongoingContract);
    }
}
