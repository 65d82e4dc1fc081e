package fr.consenti.server.testsupport;

import fr.consenti.server.accounts.ApiKeys;
import fr.consenti.server.accounts.CallCentre;
import fr.consenti.server.accounts.IssuedApiKey;
import fr.consenti.server.accounts.People;
import fr.consenti.server.accounts.Person;
import fr.consenti.server.accounts.Professional;
import fr.consenti.server.accounts.Professionals;
import fr.consenti.server.accounts.Role;
import fr.consenti.server.accounts.Siren;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.test.context.TestComponent;

/** Makes the accounts a test needs, each new and unique within the shared test database. */
@TestComponent
public class TestAccounts {

    public static final String PASSWORD = "correct horse battery staple";
    private static final AtomicLong SEQUENCE = new AtomicLong(System.nanoTime() % 10_000_000L);

    private final Professionals professionals;
    private final ApiKeys apiKeys;
    private final People people;

    TestAccounts(Professionals professionals, ApiKeys apiKeys, People people) {
        this.professionals = professionals;
        this.apiKeys = apiKeys;
        this.people = people;
    }

    public Professional professional() {
        return professionals.create(newSiren(), "Test professional", "RETAIL");
    }

    public IssuedApiKey key(Professional professional) {
        return apiKeys.issue(professional.id(), "test");
    }

    /** A person with a verified email and {@link #PASSWORD}; {@code professional} only for Role.PROFESSIONAL. */
    public Person person(Role role, Professional professional) {
        return people.create(uniqueEmail(role.name().toLowerCase()), PASSWORD, role,
                professional == null ? null : professional.id(), true);
    }

    /** A CALL_CENTRE person with a verified email and {@link #PASSWORD}, linked to {@code callCentre}. */
    public Person callCentrePerson(CallCentre callCentre) {
        return people.linkToCallCentre(person(Role.CALL_CENTRE, null).id(), callCentre.id());
    }

    public static String uniqueEmail(String who) {
        return who + "." + SEQUENCE.incrementAndGet() + "@example.test";
    }

    /** A SIREN never handed out before in this JVM: 8 digits from a counter and the Luhn check digit. */
    public static Siren newSiren() {
        String body = String.format("%08d", 10_000_000L + SEQUENCE.incrementAndGet() % 89_999_999L);
        for (int check = 0; check <= 9; check++) {
            if (Siren.isValid(body + check)) {
                return new Siren(body + check);
            }
        }
        throw new IllegalStateException("no Luhn digit for " + body);
    }
}
