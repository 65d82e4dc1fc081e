package fr.consenti.server.consent;

import java.time.Instant;
import java.time.Period;
import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The consent policies of RULES.md §3: {@code consent.max-validity} (default P1Y) bounds the validity of a consent
 * from its collection, {@code consent.proof-retention} (default P3Y) says how long its proof is kept after collection.
 */
@ConfigurationProperties("consent")
record ConsentPolicy(@DefaultValue("P1Y") Period maxValidity, @DefaultValue("P3Y") Period proofRetention) {

    // Periods in years and months are calendar periods: counted on the French calendar, as the law counts them.
    private static final ZoneId FRANCE = ZoneId.of("Europe/Paris");

    ConsentPolicy {
        if (maxValidity.isNegative() || maxValidity.isZero()) {
            throw new IllegalArgumentException("consent.max-validity must be positive: " + maxValidity);
        }
        if (proofRetention.isNegative() || proofRetention.isZero()) {
            throw new IllegalArgumentException("consent.proof-retention must be positive: " + proofRetention);
        }
    }

    /** The latest end of validity of a consent collected at {@code collectedAt}. */
    Instant latestValidUntil(Instant collectedAt) {
        return collectedAt.atZone(FRANCE).plus(maxValidity).toInstant();
    }

    /** Consents collected before this instant have had their proof kept long enough at {@code now}. */
    Instant purgeCollectedBefore(Instant now) {
        return now.atZone(FRANCE).minus(proofRetention).toInstant();
    }
}
