package fr.consenti.core.proof;

import static org.assertj.core.api.Assertions.assertThat;

import fr.consenti.core.proof.ChainVerdict.Broken;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Seeded random trials: any single byte changed in any stored field of any row is caught at that row. */
class ChainTamperingPropertyTest {

    private static final int TRIALS = 2_000;

    @Test
    void flippingAnyByteOfAnyFieldOfAnyRowIsDetectedAtThatRow() {
        Random random = new Random(27560);
        for (int trial = 0; trial < TRIALS; trial++) {
            Ledger ledger = Ledger.of(1 + random.nextInt(30));
            for (Ledger.Row row : ledger.rows) {
                if (random.nextInt(3) == 0) {
                    ledger.purge(row);
                }
            }
            Ledger.Row target = ledger.rows.get(random.nextInt(ledger.rows.size()));
            long position = target.sequence;
            byte mask = (byte) (1 + random.nextInt(255));
            String field = flipOneByte(target, random, mask);

            ChainVerdict verdict = ChainVerifier.fromGenesis().verify(ledger.scan());

            assertThat(verdict).as("trial %d: %s of row %d, xor %02x", trial, field, position, mask)
                    .isInstanceOfSatisfying(Broken.class, b -> assertThat(b.sequence()).isEqualTo(position));
        }
    }

    private static String flipOneByte(Ledger.Row row, Random random, byte mask) {
        List<String> fields = new ArrayList<>(List.of("siren", "channel", "collectedAt", "previousHash", "hash",
                "sequence", "purposes"));
        fields.add(row.e164Commitment != null ? "e164Commitment" : "e164");
        if (row.notice != null && !row.notice.isEmpty()) {
            fields.add("notice");
        }
        String field = fields.get(random.nextInt(fields.size()));
        switch (field) {
            case "siren" -> row.siren = flip(row.siren, random, mask);
            case "channel" -> row.channel = flip(row.channel, random, mask);
            case "notice" -> row.notice = flip(row.notice, random, mask);
            case "e164" -> row.e164 = flip(row.e164, random, mask);
            case "e164Commitment" -> row.e164Commitment[random.nextInt(32)] ^= mask;
            case "previousHash" -> row.previousHash[random.nextInt(32)] ^= mask;
            case "hash" -> row.hash[random.nextInt(32)] ^= mask;
            case "sequence" -> row.sequence ^= (long) (mask & 0xFF) << (8 * random.nextInt(8));
            case "collectedAt" -> {
                long micros = ChronoUnit.MICROS.between(Instant.EPOCH, row.collectedAt);
                micros ^= (long) (mask & 0xFF) << (8 * random.nextInt(7));
                row.collectedAt = Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
            }
            case "purposes" -> {
                List<String> purposes = new ArrayList<>(row.purposes);
                int i = random.nextInt(purposes.size());
                purposes.set(i, flip(purposes.get(i), random, mask));
                row.purposes = purposes;
            }
            default -> throw new IllegalStateException(field);
        }
        return field;
    }

    // The stored values are ASCII: any changed byte decodes to another character (or U+FFFD), never the same string.
    private static String flip(String value, Random random, byte mask) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        bytes[random.nextInt(bytes.length)] ^= mask;
        String flipped = new String(bytes, StandardCharsets.UTF_8);
        assertThat(flipped).isNotEqualTo(value);
        return flipped;
    }
}
