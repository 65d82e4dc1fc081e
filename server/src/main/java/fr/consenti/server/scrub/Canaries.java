package fr.consenti.server.scrub;

import fr.consenti.core.scrub.NumberSet;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Canary numbers: numbers from ARCEP's blocks reserved for fiction (01 99 00 xx xx, 02 61 91 xx xx, 03 53 48 xx xx,
 * 04 65 71 xx xx, 05 36 49 xx xx: valid, callable by the plan, and never assigned to a subscriber), seeded at start
 * into {@code canary_number} and treated as listed by the opt-out cleaning.
 *
 * <p>Each professional sees its own half of them as listed: canary {@code c} is listed for professional {@code p}
 * when the low bit of HMAC-SHA256(canary key, p:c) is 1; the canary key is a platform secret. A real call file
 * never holds a canary, so canaries only reach a file that someone made by enumerating ranges. A list rebuilt that
 * way (the numbers the cleaning removed) holds the canaries listed for its source; a "clean" file made that way
 * holds the others. Either way, the canaries in a leaked file match one professional's pattern, and with k canaries
 * in the file another professional matches by chance with probability 2^-k: {@link #attribute} names the source.
 */
@Component
final class Canaries {

    static final String KEY = "scrub.canary-key";
    /** The first NSN of each fiction block of 10,000 numbers. */
    static final int[] FICTION_BLOCKS = {199_000_000, 261_910_000, 353_480_000, 465_710_000, 536_490_000};

    private final JdbcClient jdbc;
    private final Clock clock;
    private final byte[] key;
    private volatile int[] canaries;

    Canaries(JdbcClient jdbc, Clock clock, ScrubSettings settings) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.key = Base64.getDecoder().decode(secret());
        seed(settings.canaries());
        this.canaries = load();
    }

    /** Every canary number, sorted. */
    int[] all() {
        return canaries.clone();
    }

    /** The canaries the opt-out cleaning removes as listed for this professional. */
    NumberSet listedFor(long professionalId) {
        return NumberSet.of(java.util.Arrays.stream(canaries).filter(c -> listedFor(professionalId, c)).toArray());
    }

    boolean listedFor(long professionalId, int nsn) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] tag = mac.doFinal(ByteBuffer.allocate(12).putLong(professionalId).putInt(nsn).array());
            return (tag[tag.length - 1] & 1) == 1;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** Whether a leaked file holds the numbers a cleaning removed (a rebuilt list) or those it kept. */
    enum LeakKind { REMOVED, KEPT }

    /**
     * One professional whose pattern a leaked file matches: {@code matching} of its {@code canaries} canaries
     * agree with the pattern; {@code exact} when all do.
     */
    record Suspect(long professionalId, int canaries, int matching, boolean exact) {
    }

    /**
     * The professionals whose canary pattern the canaries of {@code leaked} fit best, best first, among those who
     * ran a cleaning. Empty when the file holds no canary.
     */
    List<Suspect> attribute(Collection<Integer> leaked, LeakKind kind) {
        Set<Integer> all = new HashSet<>();
        for (int canary : canaries) {
            all.add(canary);
        }
        List<Integer> found = leaked.stream().filter(all::contains).distinct().toList();
        if (found.isEmpty()) {
            return List.of();
        }
        List<Long> professionals = jdbc.sql("select distinct professional_id from scrub_job").query(Long.class).list();
        List<Suspect> suspects = new ArrayList<>();
        for (long professional : professionals) {
            int matching = 0;
            for (int canary : found) {
                boolean listed = listedFor(professional, canary);
                if (listed == (kind == LeakKind.REMOVED)) {
                    matching++;
                }
            }
            suspects.add(new Suspect(professional, found.size(), matching, matching == found.size()));
        }
        suspects.sort(Comparator.comparingInt(Suspect::matching).reversed());
        return suspects;
    }

    private String secret() {
        var existing = jdbc.sql("select secret from platform_secret where name = ?").param(KEY).query(String.class)
                .optional();
        if (existing.isPresent()) {
            return existing.get();
        }
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        String value = Base64.getEncoder().encodeToString(fresh);
        try {
            jdbc.sql("insert into platform_secret (name, secret, created_at) values (?, ?, ?)")
                    .params(KEY, value, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC)).update();
            return value;
        } catch (DuplicateKeyException e) {
            return jdbc.sql("select secret from platform_secret where name = ?").param(KEY).query(String.class).single();
        }
    }

    private void seed(int wanted) {
        int have = jdbc.sql("select count(*) from canary_number").query(Integer.class).single();
        SecureRandom random = new SecureRandom();
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        while (have < wanted) {
            int nsn = FICTION_BLOCKS[random.nextInt(FICTION_BLOCKS.length)] + random.nextInt(10_000);
            try {
                have += jdbc.sql("insert into canary_number (nsn, created_at) values (?, ?)").params(nsn, now).update();
            } catch (DuplicateKeyException e) {
                // Drawn before, or another node seeded it at the same moment: draw again.
                have = jdbc.sql("select count(*) from canary_number").query(Integer.class).single();
            }
        }
    }

    private int[] load() {
        return jdbc.sql("select nsn from canary_number order by nsn").query(Integer.class).list().stream()
                .mapToInt(Integer::intValue).toArray();
    }
}
