package fr.consenti.bench.index;

import fr.consenti.core.index.ScreeningIndex;
import fr.consenti.core.rules.Consent;
import fr.consenti.core.rules.ConsentChannel;
import fr.consenti.core.rules.Policies;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The rows a node loads at start, generated with a fixed seed: listed numbers over the mobile and geographic
 * ranges, consents and objections spread over a thousand professionals. Rows are made before the clock starts:
 * in the server they stream from the database, whose cost is not the index's.
 */
final class IndexDataset {

    static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    static final Instant NOW = LocalDateTime.parse("2026-09-15T10:00").atZone(PARIS).toInstant();
    static final int PROFESSIONALS = 1000;
    static final Set<String> PURPOSES = Set.of("insurance", "energy-supply");

    final int[] listed;
    final long[] registeredAt;
    final int[] consentNsn;
    final Consent[] consents;
    final int[] objectionPro;
    final int[] objectionNsn;
    final long[] objectedAt;

    IndexDataset(int listedCount, int consentCount, int objectionCount, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        listed = new int[listedCount];
        registeredAt = new long[listedCount];
        long threeYears = Duration.ofDays(3 * 365).toMillis();
        for (int i = 0; i < listedCount; i++) {
            listed[i] = randomNsn(random);
            // Whole seconds, as the registry records them.
            registeredAt[i] = (NOW.toEpochMilli() - random.nextLong(threeYears)) / 1000 * 1000;
        }
        consentNsn = new int[consentCount];
        consents = new Consent[consentCount];
        int[] noCentre = new int[0];
        for (int i = 0; i < consentCount; i++) {
            consentNsn[i] = randomNsn(random);
            Instant collected = NOW.minusMillis(random.nextLong(Duration.ofDays(300).toMillis()));
            consents[i] = new Consent(professional(random), noCentre, PURPOSES, ConsentChannel.WEB_FORM, collected,
                    null, null);
        }
        objectionPro = new int[objectionCount];
        objectionNsn = new int[objectionCount];
        objectedAt = new long[objectionCount];
        for (int i = 0; i < objectionCount; i++) {
            objectionPro[i] = professional(random);
            objectionNsn[i] = randomNsn(random);
            objectedAt[i] = NOW.toEpochMilli() - random.nextLong(Duration.ofDays(700).toMillis());
        }
    }

    static int professional(SplittableRandom random) {
        return 100_000_000 + random.nextInt(PROFESSIONALS) * 7919;
    }

    /** Mostly mobiles (06, 07), some geographic numbers (01–05). */
    static int randomNsn(SplittableRandom random) {
        return random.nextInt(4) == 0 ? 100_000_000 + random.nextInt(500_000_000)
                : 600_000_000 + random.nextInt(200_000_000);
    }

    ScreeningIndex build(boolean registrations, boolean withConsents, boolean objections) {
        ScreeningIndex.Builder b = ScreeningIndex.builder(Policies.DEFAULTS, Duration.ofSeconds(2),
                (withConsents ? consents.length : 0) + (objections ? objectionNsn.length : 0));
        if (registrations) {
            long month = Duration.ofDays(30).toMillis();
            long term = Duration.ofDays(3 * 365).toMillis();
            for (int i = 0; i < listed.length; i++) {
                b.registration(listed[i], registeredAt[i], registeredAt[i] + month, registeredAt[i] + month + term);
            }
        }
        if (withConsents) {
            for (int i = 0; i < consents.length; i++) {
                b.consent(consentNsn[i], consents[i]);
            }
        }
        if (objections) {
            for (int i = 0; i < objectionNsn.length; i++) {
                b.objection(objectionPro[i], objectionNsn[i], Instant.ofEpochMilli(objectedAt[i]));
            }
        }
        return b.build(1, NOW);
    }
}
