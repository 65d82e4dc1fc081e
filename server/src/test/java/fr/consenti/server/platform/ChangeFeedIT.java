package fr.consenti.server.platform;

import static org.assertj.core.api.Assertions.assertThat;

import fr.consenti.core.index.ChangeEvent;
import fr.consenti.core.rules.AgreedSlot;
import fr.consenti.core.rules.Consent;
import fr.consenti.core.rules.ConsentChannel;
import fr.consenti.core.rules.OppositionRegistration;
import fr.consenti.server.accounts.Professional;
import fr.consenti.server.accounts.Professionals;
import fr.consenti.server.accounts.Siren;
import fr.consenti.server.testsupport.ConsentiIT;
import fr.consenti.server.testsupport.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

@ConsentiIT
class ChangeFeedIT {

    @Autowired
    ChangeFeed feed;
    @Autowired
    Professionals professionals;
    @Autowired
    TestClock clock;
    @Autowired
    TransactionTemplate transactions;

    @Test
    void everyKindOfChangeReadsBackAsTheIndexEventWithTheProfessionalsSiren() {
        Professional pro = professionals.create(siren(), "Exemple SA", "ENERGY");
        int siren = Integer.parseInt(pro.siren().value());
        Instant t = clock.instant().truncatedTo(ChronoUnit.MICROS);
        int nsn = 612345678;
        OppositionRegistration registration = new OppositionRegistration(t, t.plus(Duration.ofDays(30)),
                t.plus(Duration.ofDays(3 * 365)));
        AgreedSlot slot = new AgreedSlot(LocalDate.of(2026, 12, 24), LocalTime.of(20, 30), LocalTime.of(21, 0));
        long before = feed.lastSequence();

        feed.append(List.of(
                new FeedChange.OppositionRegistered(nsn, registration),
                new FeedChange.OppositionRemoved(nsn, t.plusSeconds(1)),
                new FeedChange.ObjectionRecorded(pro.id(), nsn, t.plusSeconds(2)),
                new FeedChange.ConsentGiven(pro.id(), nsn, List.of("552100554", "732829320"), Set.of("B", "A"),
                        ConsentChannel.WEB_FORM, t.plusSeconds(3), t.plus(Duration.ofDays(365))),
                new FeedChange.ConsentWithdrawn(pro.id(), nsn, t.plusSeconds(3), t.plusSeconds(4)),
                new FeedChange.ConsentsWithdrawn(pro.id(), nsn, t.plusSeconds(5)),
                new FeedChange.AttemptRecorded(pro.id(), nsn, t.plusSeconds(6)),
                new FeedChange.RefusalRecorded(pro.id(), nsn, t.plusSeconds(7)),
                new FeedChange.SlotAgreed(pro.id(), nsn, slot)));

        List<ChangeEvent> events = feed.readAfter(before, 100);
        assertThat(events).hasSize(9);
        long s = events.getFirst().sequence();
        assertThat(events).extracting(ChangeEvent::sequence).isSorted().doesNotHaveDuplicates();
        assertThat(events.subList(0, 8)).containsExactly(
                new ChangeEvent.OppositionRegistered(s, nsn, registration),
                new ChangeEvent.OppositionRemoved(s + 1, nsn, t.plusSeconds(1)),
                new ChangeEvent.ObjectionRecorded(s + 2, siren, nsn, t.plusSeconds(2)),
                new ChangeEvent.ConsentGiven(s + 3, nsn, new Consent(siren, new int[] {552100554, 732829320},
                        Set.of("A", "B"), ConsentChannel.WEB_FORM, t.plusSeconds(3), t.plus(Duration.ofDays(365)),
                        null)),
                new ChangeEvent.ConsentWithdrawn(s + 4, siren, nsn, t.plusSeconds(3), t.plusSeconds(4)),
                new ChangeEvent.ConsentsWithdrawn(s + 5, siren, nsn, t.plusSeconds(5)),
                new ChangeEvent.AttemptRecorded(s + 6, siren, nsn, t.plusSeconds(6)),
                new ChangeEvent.RefusalRecorded(s + 7, siren, nsn, t.plusSeconds(7)));
        assertThat(events.get(8)).isEqualTo(new ChangeEvent.SlotAgreed(s + 8, siren, nsn, slot));
        assertThat(feed.lastSequence()).isEqualTo(s + 8);
    }

    @Test
    void aChangeRolledBackWithItsTransactionNeverReachesTheFeed() {
        long before = feed.lastSequence();
        Instant t = clock.instant();

        transactions.executeWithoutResult(status -> {
            feed.append(new FeedChange.OppositionRemoved(699999999, t));
            status.setRollbackOnly();
        });
        feed.append(new FeedChange.OppositionRemoved(699999998, t));

        assertThat(feed.readAfter(before, 10)).extracting("nsn").containsExactly(699999998);
    }

    @Test
    void readsAtMostTheLimitInSequenceOrder() {
        long before = feed.lastSequence();
        Instant t = clock.instant();
        feed.append(List.of(new FeedChange.OppositionRemoved(600000001, t),
                new FeedChange.OppositionRemoved(600000002, t), new FeedChange.OppositionRemoved(600000003, t)));

        List<ChangeEvent> first = feed.readAfter(before, 2);
        assertThat(first).extracting("nsn").containsExactly(600000001, 600000002);
        assertThat(feed.readAfter(first.getLast().sequence(), 2)).extracting("nsn")
                .containsExactly(600000003);
    }

    private static Siren siren() {
        String eight = String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
        for (int last = 0; last <= 9; last++) {
            if (Siren.isValid(eight + last)) {
                return new Siren(eight + last);
            }
        }
        throw new IllegalStateException("every 8 digits have a Luhn check digit");
    }
}
