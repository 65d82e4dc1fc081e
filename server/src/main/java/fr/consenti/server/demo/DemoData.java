package fr.consenti.server.demo;

import fr.consenti.server.accounts.ApiKeys;
import fr.consenti.server.accounts.IssuedApiKey;
import fr.consenti.server.accounts.Professional;
import fr.consenti.server.accounts.Professionals;
import fr.consenti.server.accounts.Siren;
import fr.consenti.server.accounts.StoredApiKey;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The demo data: one professional and its API key, enough to try the API at once. Seeding again leaves one
 * professional and one active demo key: the configured key when there is one, else a fresh random key
 * (the previous random key cannot be shown again, only its hash is stored, so it is revoked).
 */
@Service
class DemoData { // not final: the transaction proxy subclasses it

    static final Siren SIREN = new Siren("732829320");
    static final String NAME = "Démo Télécom (données de démonstration)";
    static final String SECTOR = "TELECOMMUNICATIONS";
    static final String KEY_LABEL = "demo";

    private final Professionals professionals;
    private final ApiKeys apiKeys;

    DemoData(Professionals professionals, ApiKeys apiKeys) {
        this.professionals = professionals;
        this.apiKeys = apiKeys;
    }

    /** What seeding did, for the startup log. {@code newKey} is null when the configured key was already there. */
    record Seeded(Professional professional, IssuedApiKey newKey, String key, boolean keyConfigured, int revokedKeys) {
    }

    /**
     * @param configuredKey the key to use (CONSENTI_DEMO_KEY), or null for a random one
     */
    @Transactional
    public Seeded seed(String configuredKey) {
        if (configuredKey != null) {
            ApiKeys.requireWellFormed(configuredKey);
        }
        Professional professional = professionals.lockBySiren(SIREN)
                .orElseGet(() -> professionals.create(SIREN, NAME, SECTOR));
        List<StoredApiKey> active = apiKeys.active(professional.id(), KEY_LABEL);
        if (configuredKey != null && active.size() == 1 && ApiKeys.matches(active.getFirst(), configuredKey)) {
            return new Seeded(professional, null, configuredKey, true, 0);
        }
        for (StoredApiKey old : active) {
            apiKeys.revoke(old.id());
        }
        IssuedApiKey issued = configuredKey != null
                ? apiKeys.register(professional.id(), KEY_LABEL, configuredKey)
                : apiKeys.issue(professional.id(), KEY_LABEL);
        return new Seeded(professional, issued, issued.key(), configuredKey != null, active.size());
    }
}
