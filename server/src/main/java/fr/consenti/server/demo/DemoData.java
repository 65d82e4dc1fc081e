package fr.consenti.server.demo;

import fr.consenti.server.accounts.ApiKeys;
import fr.consenti.server.accounts.CallCentre;
import fr.consenti.server.accounts.CallCentres;
import fr.consenti.server.accounts.Delegations;
import fr.consenti.server.accounts.Person;
import fr.consenti.server.accounts.IssuedApiKey;
import fr.consenti.server.accounts.People;
import fr.consenti.server.accounts.Professional;
import fr.consenti.server.accounts.Professionals;
import fr.consenti.server.accounts.Role;
import fr.consenti.server.accounts.Siren;
import fr.consenti.server.accounts.StoredApiKey;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The demo data: one professional and its API key, enough to try the API at once, a call centre acting for it under a
 * delegation of the demo purpose, and one person of each kind (consumer, professional's staff, call centre's staff,
 * registry operator, authority agent) to sign in on the pages. Seeding again
 * leaves one professional and one active demo key: the configured key when there is one, else a fresh random
 * key (the previous random key cannot be shown again, only its hash is stored, so it is revoked).
 */
@Service
class DemoData { // not final: the transaction proxy subclasses it

    static final Siren SIREN = new Siren("732829320");
    static final String NAME = "Démo Télécom (données de démonstration)";
    static final String SECTOR = "TELECOMMUNICATIONS";
    static final String KEY_LABEL = "demo";
    static final Siren CALL_CENTRE_SIREN = new Siren("512345679");
    static final String CALL_CENTRE_NAME = "Démo Appels (données de démonstration)";

    /**
     * The demo people's shared password. It is printed at start and documented: the demo database is for trying
     * Consenti on one's own machine, never for real data.
     */
    static final String PASSWORD = "demo-consenti-2026";

    /** The demo people, by the role they sign in with. */
    record DemoPerson(String email, Role role) {
    }

    static final List<DemoPerson> PEOPLE = List.of(
            new DemoPerson("consommateur@demo.consenti.fr", Role.CONSUMER),
            new DemoPerson("pro@demo.consenti.fr", Role.PROFESSIONAL),
            new DemoPerson("centre@demo.consenti.fr", Role.CALL_CENTRE),
            new DemoPerson("operateur@demo.consenti.fr", Role.OPERATOR),
            new DemoPerson("dgccrf@demo.consenti.fr", Role.AUTHORITY));

    private final Professionals professionals;
    private final ApiKeys apiKeys;
    private final People people;
    private final CallCentres callCentres;
    private final Delegations delegations;

    DemoData(Professionals professionals, ApiKeys apiKeys, People people, CallCentres callCentres,
             Delegations delegations) {
        this.professionals = professionals;
        this.apiKeys = apiKeys;
        this.people = people;
        this.callCentres = callCentres;
        this.delegations = delegations;
    }

    /**
     * Grants the demo call centre a delegation of the demo professional's {@code purpose}, unless one it granted is
     * still active. Runs after the purpose exists (DemoConsents defines it). Returns whether it granted one now.
     */
    public boolean seedDelegation(long professionalId, String purpose) {
        CallCentre callCentre = callCentres.findBySiren(CALL_CENTRE_SIREN).orElseThrow();
        boolean active = delegations.ofCallCentre(callCentre.id()).stream()
                .anyMatch(d -> d.professionalId() == professionalId && d.revokedAt() == null && d.validUntil() == null
                        && d.covers(purpose));
        if (active) {
            return false;
        }
        delegations.grant(professionalId, new Delegations.Grant(CALL_CENTRE_SIREN.value(), List.of(purpose), false,
                null, null), "demo");
        return true;
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
        CallCentre callCentre = callCentres.findBySiren(CALL_CENTRE_SIREN)
                .orElseGet(() -> callCentres.create(CALL_CENTRE_SIREN, CALL_CENTRE_NAME));
        for (DemoPerson person : PEOPLE) {
            if (!people.exists(person.email())) {
                Long company = person.role() == Role.PROFESSIONAL ? professional.id() : null;
                Person created = people.create(person.email(), PASSWORD, person.role(), company, true);
                if (person.role() == Role.CALL_CENTRE) {
                    people.linkToCallCentre(created.id(), callCentre.id());
                }
            }
        }
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
