package fr.consenti.core.rules;

import fr.consenti.core.number.FrenchNumber;
import fr.consenti.core.number.NumberParser;
import fr.consenti.core.number.ParseOutcome;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

/** Numbers, requests and facts shared by the engine's tests. */
final class Fixtures {

    static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    static final int PRO = 552_100_554;
    static final int OTHER_PRO = 732_829_320;
    static final int CENTRE = 403_052_111;
    static final int OTHER_CENTRE = 418_307_422;
    static final String PURPOSE = "insurance";

    static final FrenchNumber MOBILE = number("0612345678");
    static final FrenchNumber REUNION_MOBILE = number("0692123456");
    static final FrenchNumber SPECIAL_RATE = number("0892123456");
    static final FrenchNumber NPV_0162 = number("0162000001");
    static final FrenchNumber NPV_02688 = number("0268800001");
    static final FrenchNumber PLAIN_GEOGRAPHIC = number("0145000001");
    static final FrenchNumber CALLER_MOBILE = number("0698765432");

    private Fixtures() {
    }

    static FrenchNumber number(String input) {
        return (FrenchNumber) NumberParser.parse(input, LocalDate.of(2026, 6, 1));
    }

    /** The instant Paris clocks show {@code local}. */
    static Instant paris(String local) {
        return LocalDateTime.parse(local).atZone(PARIS).toInstant();
    }

    static CallRequest call(String parisLocal) {
        return call(paris(parisLocal));
    }

    static CallRequest call(Instant at) {
        return new CallRequest(MOBILE, CallerId.of(NPV_0162), PRO, 0, PURPOSE, Sector.OTHER, at, null,
                false, false);
    }

    static CallRequest withSector(CallRequest r, Sector s) {
        return new CallRequest(r.callee(), r.callerId(), r.professional(), r.callCentre(), r.purpose(), s, r.at(),
                r.departement(), r.b2b(), r.ongoingContract());
    }

    static CallRequest withCallee(CallRequest r, ParseOutcome c) {
        return new CallRequest(c, r.callerId(), r.professional(), r.callCentre(), r.purpose(), r.sector(), r.at(),
                r.departement(), r.b2b(), r.ongoingContract());
    }

    static CallRequest withCallerId(CallRequest r, CallerId c) {
        return new CallRequest(r.callee(), c, r.professional(), r.callCentre(), r.purpose(), r.sector(), r.at(),
                r.departement(), r.b2b(), r.ongoingContract());
    }

    static CallRequest withCentre(CallRequest r, int centre) {
        return new CallRequest(r.callee(), r.callerId(), r.professional(), centre, r.purpose(), r.sector(), r.at(),
                r.departement(), r.b2b(), r.ongoingContract());
    }

    static CallRequest withPurpose(CallRequest r, String purpose) {
        return new CallRequest(r.callee(), r.callerId(), r.professional(), r.callCentre(), purpose, r.sector(), r.at(),
                r.departement(), r.b2b(), r.ongoingContract());
    }

    static CallRequest withDepartement(CallRequest r, String dep) {
        return new CallRequest(r.callee(), r.callerId(), r.professional(), r.callCentre(), r.purpose(), r.sector(),
                r.at(), dep, r.b2b(), r.ongoingContract());
    }

    static CallRequest b2b(CallRequest r) {
        return new CallRequest(r.callee(), r.callerId(), r.professional(), r.callCentre(), r.purpose(), r.sector(),
                r.at(), r.departement(), true, r.ongoingContract());
    }

    static CallRequest underContract(CallRequest r) {
        return new CallRequest(r.callee(), r.callerId(), r.professional(), r.callCentre(), r.purpose(), r.sector(),
                r.at(), r.departement(), r.b2b(), true);
    }

    /** Nothing known, screening data fresh for years. */
    static FactsSnapshot noFacts() {
        return FactsSnapshot.empty(paris("2030-01-01T00:00"));
    }

    static Consent consent(Instant collectedAt) {
        return new Consent(PRO, new int[] {CENTRE}, Set.of(PURPOSE), ConsentChannel.WEB_FORM, collectedAt, null, null);
    }

    static Consent consent(String parisLocal) {
        return consent(paris(parisLocal));
    }

    static FactsSnapshot consenting(String parisLocal) {
        return noFacts().withConsents(List.of(consent(parisLocal)));
    }

    static OppositionRegistration registration(String registeredParisLocal) {
        Instant registered = paris(registeredParisLocal);
        return new OppositionRegistration(registered, registered.plus(java.time.Duration.ofDays(30)),
                registered.plus(java.time.Duration.ofDays(3 * 365)));
    }
}
