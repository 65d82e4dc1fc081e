package fr.consenti.server.calls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.springframework.web.ErrorResponseException;

/** The plain reader answers exactly what Jackson's reading answers, or gives up: never another answer. */
class PlainCheckJsonTest {

    private static final List<String> BODIES = List.of(
            "{\"number\":\"0612345678\",\"callerId\":\"0162000000\",\"purpose\":\"DEMO\"}",
            " {\n\t\"number\" : \"06 12 34 56 78\" , \"callerId\":\"HIDDEN\",\"purpose\":\"DEMO\",\"b2b\":true,"
                    + "\"ongoingContract\":false,\"sector\":null,\"departement\":\"2A\",\"at\":\"2026-12-01T11:00:00+01:00\"} ",
            "{\"checks\":[{\"number\":\"0612345678\",\"callerId\":\"0162000000\",\"purpose\":\"DEMO\"},"
                    + "{\"number\":\"0899\",\"callerId\":\"\",\"purpose\":\"X\",\"at\":null}]}",
            "{\"checks\":[{}]}",
            "{}",
            "{\"checks\":[]}",
            "{\"checks\":{}}",
            "{\"checks\":[{\"number\":1}]}",
            "{\"number\":612345678,\"callerId\":\"0162000000\",\"purpose\":\"DEMO\"}",
            "{\"number\":\"06\\u00312345678\",\"callerId\":\"0162000000\",\"purpose\":\"DEMO\"}",
            "{\"number\":\"0612345678\",\"purpose\":\"Énergie\"}",
            "{\"number\":\"0612345678\",\"colour\":\"blue\"}",
            "{\"number\":\"0612345678\",\"number\":\"0712345678\"}",
            "{\"number\":\"0612345678\",\"b2b\":\"yes\"}",
            "{\"number\":\"0612345678\",\"b2b\":truex}",
            "{\"number\":\"0612345678\"} {}",
            "{\"number\":\"0612345678\",}",
            "{\"checks\":[{\"number\":\"0612345678\"}],\"more\":1}",
            "{\"purpose\":\"DEMO\",\"checks\":[]}",
            "[]",
            "",
            "   ",
            "\uFEFF{\"number\":\"0612345678\"}",
            "{'number':'0612345678'}",
            "{\"number\":\"06\u0001\"}",
            "{\"number\":\"0612345678\"",
            "{\"number\":nul}",
            "{\"number\":null}");

    @Test
    void answersWhatJacksonAnswersForEveryBodyOrGivesUp() {
        for (String body : BODIES) {
            agrees(body.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void readsTheDiallersPlainBodiesItself() {
        assertThat(PlainCheckJson.read(BODIES.get(0).getBytes(StandardCharsets.UTF_8), true)).isNotNull();
        assertThat(PlainCheckJson.read(BODIES.get(1).getBytes(StandardCharsets.UTF_8), false)).isNotNull();
        assertThat(PlainCheckJson.read(BODIES.get(2).getBytes(StandardCharsets.UTF_8), true).batch()).hasSize(2);
        // A batch where a single call is expected is not for this reader to refuse.
        assertThat(PlainCheckJson.read(BODIES.get(2).getBytes(StandardCharsets.UTF_8), false)).isNull();
    }

    @Test
    void givesUpOnABatchOverTheLimitSoThatJacksonRefusesIt() {
        StringBuilder body = new StringBuilder("{\"checks\":[");
        for (int i = 0; i <= CheckInput.MAX_BATCH; i++) {
            body.append(i == 0 ? "" : ",").append("{\"number\":\"0612345678\"}");
        }
        byte[] json = body.append("]}").toString().getBytes(StandardCharsets.UTF_8);
        assertThat(PlainCheckJson.read(json, true)).isNull();
    }

    @Test
    void neverDisagreesWithJacksonOnMangledBodies() {
        SplittableRandom random = new SplittableRandom(20261129);
        byte[] alphabet = "{}[]\":, \\tfrunlse0123456789abcheckspurpose\u00e9".getBytes(StandardCharsets.UTF_8);
        for (int round = 0; round < 20_000; round++) {
            byte[] body = BODIES.get(random.nextInt(3)).getBytes(StandardCharsets.UTF_8);
            int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits && body.length > 0; e++) {
                int i = random.nextInt(body.length);
                switch (random.nextInt(3)) {
                    case 0 -> body[i] = alphabet[random.nextInt(alphabet.length)];
                    case 1 -> body = remove(body, i);
                    default -> body = insert(body, i, alphabet[random.nextInt(alphabet.length)]);
                }
            }
            agrees(body);
        }
    }

    private static void agrees(byte[] body) {
        for (boolean batchAllowed : new boolean[] {true, false}) {
            CheckInput.Body plain = PlainCheckJson.read(body, batchAllowed);
            if (plain == null) {
                continue;
            }
            CheckInput.Body jackson;
            try {
                jackson = CheckInput.readWithJackson(body, batchAllowed);
            } catch (ErrorResponseException refused) {
                throw new AssertionError("plain reader accepted what Jackson refuses: "
                        + new String(body, StandardCharsets.UTF_8), refused);
            }
            assertThat(plain).as(new String(body, StandardCharsets.UTF_8)).isEqualTo(jackson);
        }
    }

    private static byte[] remove(byte[] b, int i) {
        byte[] out = new byte[b.length - 1];
        System.arraycopy(b, 0, out, 0, i);
        System.arraycopy(b, i + 1, out, i, b.length - i - 1);
        return out;
    }

    private static byte[] insert(byte[] b, int i, byte x) {
        byte[] out = new byte[b.length + 1];
        System.arraycopy(b, 0, out, 0, i);
        out[i] = x;
        System.arraycopy(b, i, out, i + 1, b.length - i);
        return out;
    }
}
