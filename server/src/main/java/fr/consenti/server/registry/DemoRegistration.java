package fr.consenti.server.registry;

import fr.consenti.core.number.FrenchNumber;
import fr.consenti.server.accounts.People;
import fr.consenti.server.accounts.Person;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The demo consumer's registration on the opposition list, made through the registry's own service, so that a
 * newcomer signing in as the demo consumer finds a registered number, its dates and its receipt. The number counts as
 * proved: the demo has no phone to receive the code.
 */
@Component
public final class DemoRegistration {

    /** A metropolitan mobile that holds none of the demo professional's consents. */
    static final String NUMBER = "07 51 23 45 67";

    private final Registry registry;
    private final People people;
    private final JdbcClient jdbc;
    private final Clock clock;

    DemoRegistration(Registry registry, People people, JdbcClient jdbc, Clock clock) {
        this.registry = registry;
        this.people = people;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Registers the demo number for this consumer unless they hold a number already; returns whether it did. */
    public boolean seed(String consumerEmail) {
        Person consumer = people.findByEmail(consumerEmail).orElseThrow();
        if (!registry.held(consumer.id()).isEmpty()) {
            return false;
        }
        FrenchNumber number = Registry.registrable("number", NUMBER);
        jdbc.sql("delete from registry_proof where person_id = ? and e164 = ?").params(consumer.id(), number.e164())
                .update();
        jdbc.sql("insert into registry_proof (person_id, e164, nsn, proved_at) values (?, ?, ?, ?)")
                .params(consumer.id(), number.e164(), number.nsn(), clock.instant().atOffset(ZoneOffset.UTC)).update();
        int consents = registry.pending(consumer.id()).stream().mapToInt(Registry.Pending::consentsToWithdraw).sum();
        registry.register(consumer.id(), List.of(number.e164()), consents);
        return true;
    }
}
