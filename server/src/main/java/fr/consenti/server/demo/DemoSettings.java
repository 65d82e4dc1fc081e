package fr.consenti.server.demo;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code consenti.demo.enabled} (CONSENTI_DEMO_ENABLED) seeds the demo data at start;
 * {@code consenti.demo.key} (CONSENTI_DEMO_KEY) fixes the demo API key, else a random one is issued each start.
 */
@ConfigurationProperties("consenti.demo")
record DemoSettings(boolean enabled, String key) {

    DemoSettings {
        key = key == null || key.isBlank() ? null : key.strip();
    }
}
