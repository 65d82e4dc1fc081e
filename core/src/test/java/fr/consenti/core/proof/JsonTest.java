package fr.consenti.core.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void parsesEveryKindOfValue() {
        Object parsed = Json.parse(" {\"s\":\"a\\u00e9\\/\\\"\",\"n\":-12,\"d\":1.5e3,\"big\":123456789012345678901,"
                + "\"t\":true,\"f\":false,\"z\":null,\"a\":[1,[],{}]} ");

        Map<String, Object> expected = new java.util.LinkedHashMap<>();
        expected.put("s", "aé/\"");
        expected.put("n", -12L);
        expected.put("d", new BigDecimal("1.5e3"));
        expected.put("big", new BigDecimal("123456789012345678901"));
        expected.put("t", true);
        expected.put("f", false);
        expected.put("z", null);
        expected.put("a", List.of(1L, List.of(), Map.of()));

        assertThat(parsed).isEqualTo(expected);
        assertThat(((Map<?, ?>) parsed).keySet()).hasToString("[s, n, d, big, t, f, z, a]");
    }

    @Test
    void refusesWhatStrictJsonRefuses() {
        for (String bad : List.of("", "{", "{\"a\":1,}", "[1,]", "{\"a\" 1}", "01", "1.", "-", "+1", "'a'",
                "\"a", "\"\\x\"", "\"\t\"", "tru", "nul", "{} {}", "{\"a\":1,\"a\":2}", "[".repeat(65) + "]".repeat(65),
                "\"\\u12\"", "{a:1}")) {
            assertThatThrownBy(() -> Json.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void refusesBytesThatAreNotUtf8() {
        assertThatThrownBy(() -> Json.parse(new byte[] {'"', (byte) 0xC3, '"'})).hasMessageContaining("UTF-8");
        assertThatThrownBy(() -> Json.parse(new byte[] {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'}))
                .hasMessageContaining("UTF-8");
    }

    @Test
    void writerRefusesLoneSurrogatesThatUtf8WouldTurnIntoQuestionMarks() {
        assertThatThrownBy(() -> new JsonWriter().value("a\uD800b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new JsonWriter().value("\uDC00")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void writerRefusesMalformedStructure() {
        assertThatThrownBy(() -> new JsonWriter().name("a")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new JsonWriter().beginObject().toBytes()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new JsonWriter().beginObject().name("a").endObject()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void everyStringSurvivesWriteThenParse() {
        Random random = new Random(8259);
        for (int trial = 0; trial < 5_000; trial++) {
            StringBuilder sb = new StringBuilder();
            for (int i = random.nextInt(20); i > 0; i--) {
                int cp = switch (random.nextInt(4)) {
                    case 0 -> random.nextInt(0x80);
                    case 1 -> random.nextInt(0x800);
                    case 2 -> random.nextInt(0xD800);
                    default -> 0x10000 + random.nextInt(0x100000);
                };
                sb.appendCodePoint(cp);
            }
            String s = sb.toString();
            byte[] bytes = new JsonWriter().beginArray().value(s).endArray().toBytes();

            assertThat(Json.parse(bytes)).as("%s", s).isEqualTo(List.of(s));
            assertThat(new String(bytes, StandardCharsets.UTF_8).chars()).noneMatch(c -> c < 0x20);
        }
    }
}
