package fr.consenti.server.calls;

import static org.assertj.core.api.Assertions.assertThat;

import fr.consenti.core.number.FrenchNumber;
import fr.consenti.core.number.NumberParser;
import fr.consenti.core.rules.Decision;
import fr.consenti.core.rules.Reason;
import fr.consenti.core.rules.ReasonCode;
import fr.consenti.core.rules.RuleSet;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class DecisionJsonTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final FrenchNumber NUMBER = (FrenchNumber) NumberParser.parse("0612345678");

    @Test
    void writesAccentsQuotesAndControlCharactersOfAReasonAsValidUtf8Json() {
        Reason odd = new Reason(ReasonCode.NO_CONSENT, "C. consom. art. \"L223-1\" \\ é\n\t\u0001 ☎ 𝄞",
                "Numéro inscrit « ici »", "Listed");
        Decision deny = new Decision.Deny(List.of(odd), Instant.parse("2026-12-01T08:00:00Z"), RuleSet.FR_2026_08_11);

        JsonNode fr = JSON.readTree(new String(DecisionJson.single(NUMBER, deny, false, false), StandardCharsets.UTF_8));
        JsonNode en = JSON.readTree(DecisionJson.single(NUMBER, deny, true, true));

        assertThat(fr.get("reasons").get(0).get("legalRef").asString())
                .isEqualTo("C. consom. art. \"L223-1\" \\ é\n\t\u0001 ☎ 𝄞");
        assertThat(fr.get("reasons").get(0).get("message").asString()).isEqualTo("Numéro inscrit « ici »");
        assertThat(en.get("reasons").get(0).get("message").asString()).isEqualTo("Listed");
        assertThat(en.get("simulated").asBoolean()).isTrue();
        assertThat(fr.get("nextAllowedAt").asString()).isEqualTo("2026-12-01T08:00:00Z");
    }

    @Test
    void writesABatchInOrderWithEachDecisionsOwnNumber() {
        Decision allow = new Decision.Allow(fr.consenti.core.rules.Basis.CONSENT, RuleSet.FR_2026_08_11);
        FrenchNumber other = (FrenchNumber) NumberParser.parse("0756789012");

        JsonNode batch = JSON.readTree(bytes(DecisionJson.batch(List.of(NUMBER, other), List.of(allow, allow),
                List.of(false, true), false)));

        assertThat(batch.get("results")).hasSize(2);
        assertThat(batch.get("results").get(1).get("e164").asString()).isEqualTo("+33756789012");
        assertThat(batch.get("results").get(1).get("verdict").asString()).isEqualTo("ALLOW");
        assertThat(batch.get("results").get(1).get("simulated").asBoolean()).isTrue();
    }

    private static byte[] bytes(java.nio.ByteBuffer buffer) {
        byte[] b = new byte[buffer.remaining()];
        buffer.get(b);
        return b;
    }
}
