package fr.consenti.server.demo;

import static org.assertj.core.api.Assertions.assertThat;

import fr.consenti.server.accounts.IssuedApiKey;
import fr.consenti.server.accounts.Professional;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

class DemoStartupTest {

    private static final Professional DEMO = new Professional(1, DemoData.SIREN, DemoData.NAME, DemoData.SECTOR,
            OffsetDateTime.parse("2026-01-01T00:00:00Z"));

    @Test
    void randomKeyIsShownOnceWithTheAddresses() {
        String key = "ck_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
        String text = DemoStartup.announcement("http://localhost:9090/",
                new DemoData.Seeded(DEMO, new IssuedApiKey(7, key.substring(0, 12), key), key, false, 1));

        assertThat(text).contains("http://localhost:9090/", "http://localhost:9090/swagger-ui.html", key,
                "only its hash is stored", "previous demo key is revoked", "732829320");
    }

    @Test
    void configuredKeySaysWhereItComesFrom() {
        String key = "ck_configured_demo_key_0123456789";
        String text = DemoStartup.announcement("http://localhost:8080/",
                new DemoData.Seeded(DEMO, null, key, true, 0));

        assertThat(text).contains("CONSENTI_DEMO_KEY", key).doesNotContain("revoked");
    }
}
