package fr.consenti.server.demo;

import fr.consenti.server.consent.DemoConsents;
import fr.consenti.server.registry.DemoRegistration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * With {@code consenti.demo.enabled=true}, seeds the demo data once the server listens and tells the operator
 * where to go and which key to use. Runs after the web server started, so the port printed is the real one.
 */
@Component
@ConditionalOnBooleanProperty("consenti.demo.enabled")
@EnableConfigurationProperties(DemoSettings.class)
final class DemoStartup implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoStartup.class);

    private final DemoData demoData;
    private final DemoConsents demoConsents;
    private final DemoRegistration demoRegistration;
    private final DemoSettings settings;
    private final Environment environment;

    DemoStartup(DemoData demoData, DemoConsents demoConsents, DemoRegistration demoRegistration, DemoSettings settings,
                Environment environment) {
        this.demoData = demoData;
        this.demoConsents = demoConsents;
        this.demoRegistration = demoRegistration;
        this.settings = settings;
        this.environment = environment;
    }

    @Override
    public void run(ApplicationArguments args) {
        DemoData.Seeded seeded = demoData.seed(settings.key());
        // After the professional's transaction: the ledger appends in transactions of its own.
        demoConsents.seed(seeded.professional().id());
        demoData.seedDelegation(seeded.professional().id(), DemoConsents.PURPOSE);
        demoRegistration.seed(DemoData.PEOPLE.getFirst().email());
        String base = "http://localhost:" + environment.getProperty("local.server.port",
                environment.getProperty("server.port", "8080")) + "/";
        log.info(announcement(base, seeded));
    }

    static String announcement(String base, DemoData.Seeded seeded) {
        String keyLine;
        if (seeded.keyConfigured()) {
            keyLine = "Demo API key (from CONSENTI_DEMO_KEY): " + seeded.key();
        } else {
            keyLine = "Demo API key (new, shown only this once: only its hash is stored"
                    + (seeded.revokedKeys() > 0 ? "; the previous demo key is revoked" : "") + "):\n      "
                    + seeded.key();
        }
        String rule = "=".repeat(78);
        return "\n" + rule
                + "\n  Consenti demo is ready"
                + "\n  Open:          " + base
                + "\n  API (Swagger): " + base + "swagger-ui.html"
                + "\n  Health:        " + base + "actuator/health"
                + "\n  Demo professional: " + seeded.professional().name() + ", SIREN " + seeded.professional().siren()
                + "\n  Demo call centre: " + DemoData.CALL_CENTRE_NAME + ", SIREN " + DemoData.CALL_CENTRE_SIREN
                + " (delegation of " + DemoConsents.PURPOSE + ")"
                + "\n  " + keyLine
                + "\n  Sign in at " + base + "login with the password " + DemoData.PASSWORD + " as:"
                + DemoData.PEOPLE.stream()
                        .map(p -> "\n      " + p.email() + "  (" + p.role().name().toLowerCase(java.util.Locale.ROOT) + ")")
                        .collect(java.util.stream.Collectors.joining())
                + "\n  Its consents: " + base + "api/v1/consents?number=0612345678 (with the key as Bearer token)"
                + "\n  The demo consumer's opposition list (a registered number, its receipt): " + base + "registry"
                + "\n  Mails and SMS codes sent by the demo: " + base + "demo/outbox"
                + "\n" + rule;
    }
}
