package fr.consenti.core.index;

import fr.consenti.core.number.FrenchNumber;
import fr.consenti.core.number.NumberParser;
import fr.consenti.core.rules.CallRequest;
import fr.consenti.core.rules.CallerId;
import fr.consenti.core.rules.Consent;
import fr.consenti.core.rules.ConsentChannel;
import fr.consenti.core.rules.Sector;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Set;

/** Numbers, requests and consents shared by the index's tests. */
final class IndexFixtures {

    static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    static final int PRO = 552_100_554;
    static final int OTHER_PRO = 732_829_320;
    static final int CENTRE = 403_052_111;
    static final String PURPOSE = "insurance";
    static final CallerId NPV = CallerId.of(NumberParser.parse("0162000001", LocalDate.of(2026, 6, 1)));

    private IndexFixtures() {
    }

    static FrenchNumber number(int nsn) {
        return (FrenchNumber) NumberParser.parse("0" + nsn, LocalDate.of(2026, 6, 1));
    }

    static Instant paris(String local) {
        return LocalDateTime.parse(local).atZone(PARIS).toInstant();
    }

    static CallRequest call(int professional, int callCentre, int nsn, String purpose, Instant at) {
        return new CallRequest(number(nsn), NPV, professional, callCentre, purpose, Sector.OTHER, at, null, false,
                false);
    }

    static Consent consent(int professional, Instant collectedAt) {
        return new Consent(professional, new int[] {CENTRE}, Set.of(PURPOSE), ConsentChannel.WEB_FORM, collectedAt,
                null, null);
    }
}
