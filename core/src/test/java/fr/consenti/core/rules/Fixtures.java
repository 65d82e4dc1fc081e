package fr.consenti.core.rules;

import fr.consenti.core.number.FrenchNumber;
import fr.consenti.core.number.NumberKind;
import fr.consenti.core.number.Territory;
import java.time.Instant;
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

    static final FrenchNumber MOBILE = new FrenchNumber(612_345_678, null, Territory.METROPOLE, NumberKind.MOBILE, true, false);
    static final FrenchNumber REUNION_MOBILE = new FrenchNumber(692_123_456, null, Territory.REUNION, NumberKind.MOBILE, true, false);
    static final FrenchNumber SPECIAL_RATE = new FrenchNumber(892_123_456, null, Territory.METROPOLE, NumberKind.SPECIAL_RATE, false, false);
    static final FrenchNumber NPV_0162 = new FrenchNumber(162_000_001, null, Territory.METROPOLE, NumberKind.GEOGRAPHIC, true, true);
    static final FrenchNumber NPV_02688 = new FrenchNumber(268_800_001, null, Territory.REUNION, NumberKind.GEOGRAPHIC, true, true);
    static final FrenchNumber PLAIN_GEOGRAPHIC = new FrenchNumber(145_000_001, null, Territory.METROPOLE, NumberKind.GEOGRAPHIC, true, false);
    static final FrenchNumber CALLER_MOBILE = new FrenchNumber(698_765_432, null, Territory.METROPOLE, NumberKind.MOBILE, true, false);

    private Fixtures() {
    }

    /** The instant Paris clocks show {@code local}. */
    static Instant paris(String local) {
        return LocalDateTime.parse(local).atZone(PARIS).toInstant();
    }

    static CallRequest call(String parisLocal) {
        return call(paris(parisLocal));
    }

    static CallRequest call(Instant at) {
        return new CallRequest(Callee.of(MOBILE), CallerId.of(NPV_0162), PRO, 0, PURPOSE, Sector.OTHER, at, null,
                false, false);
    }

    static CallRequest withSector(CallRequest r, Sector s) {
        return new CallRequest(r.callee(), r.callerId(), r.professional(), r.callCentre(), r.purpose(), s, r.at(),
                r.departement(), r.b2b(), r.ongoingContract());
    }

    static CallRequest withCallee(CallRequest r, Callee c) {
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
