package fr.consenti.server.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import fr.consenti.server.outbox.Outbox;
import fr.consenti.server.outbox.OutboxMail;
import fr.consenti.server.testsupport.ConsentiIT;
import fr.consenti.server.testsupport.TestAccounts;
import fr.consenti.server.testsupport.TestClock;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@ConsentiIT
class PhoneCodesIT {

    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");
    private static int numbers = 10_000;

    @Autowired
    PhoneCodes codes;

    @Autowired
    Outbox outbox;

    @Autowired
    TestAccounts accounts;

    @Autowired
    TestClock clock;

    @Test
    void theCodeArrivesAsAnSmsInTheOutboxAndConfirmsOnce() {
        long person = accounts.person(Role.CONSUMER, null).id();
        String number = newNumber();

        codes.send(person, number);

        List<OutboxMail> sms = outbox.to(number);
        assertThat(sms).hasSize(1);
        assertThat(sms.getFirst().kind()).isEqualTo(OutboxMail.Kind.SMS);
        String code = code(sms.getFirst());
        assertThat(codes.confirm(person, number, wrong(code))).isEqualTo(PhoneCodes.Outcome.WRONG);
        assertThat(codes.confirm(person, number, code)).isEqualTo(PhoneCodes.Outcome.CONFIRMED);
        assertThat(codes.confirm(person, number, code)).isEqualTo(PhoneCodes.Outcome.NO_CODE);
    }

    @Test
    void fiveWrongTriesKillTheCode() {
        long person = accounts.person(Role.CONSUMER, null).id();
        String number = newNumber();
        codes.send(person, number);
        String code = code(outbox.to(number).getFirst());

        for (int i = 1; i < PhoneCodes.MAX_TRIES; i++) {
            assertThat(codes.confirm(person, number, wrong(code))).isEqualTo(PhoneCodes.Outcome.WRONG);
        }
        assertThat(codes.confirm(person, number, wrong(code))).isEqualTo(PhoneCodes.Outcome.TOO_MANY_TRIES);
        assertThat(codes.confirm(person, number, code)).isEqualTo(PhoneCodes.Outcome.TOO_MANY_TRIES);
    }

    @Test
    void aCodeExpiresAfterTenMinutesAndANewOneReplacesIt() {
        long person = accounts.person(Role.CONSUMER, null).id();
        String number = newNumber();
        codes.send(person, number);
        String first = code(outbox.to(number).getFirst());

        clock.advance(PhoneCodes.VALIDITY);
        assertThat(codes.confirm(person, number, first)).isEqualTo(PhoneCodes.Outcome.EXPIRED);

        codes.send(person, number);
        String second = code(outbox.to(number).getFirst());
        clock.advance(PhoneCodes.VALIDITY.minus(Duration.ofSeconds(1)));
        assertThat(codes.confirm(person, number, second)).isEqualTo(PhoneCodes.Outcome.CONFIRMED);
    }

    @Test
    void aCodeProvesTheNumberOnlyForThePersonItWasSentTo() {
        long person = accounts.person(Role.CONSUMER, null).id();
        long other = accounts.person(Role.CONSUMER, null).id();
        String number = newNumber();
        codes.send(person, number);
        String code = code(outbox.to(number).getFirst());

        assertThat(codes.confirm(other, number, code)).isEqualTo(PhoneCodes.Outcome.NO_CODE);
        assertThat(codes.confirm(person, newNumber(), code)).isEqualTo(PhoneCodes.Outcome.NO_CODE);
    }

    private static synchronized String newNumber() {
        return "+336" + (12_000_000 + numbers++ + TestAccounts.uniqueEmail("n").hashCode() % 1000 * 1000);
    }

    private static String code(OutboxMail sms) {
        Matcher matcher = CODE.matcher(sms.body());
        assertThat(matcher.find()).as(sms.body()).isTrue();
        return matcher.group(1);
    }

    private static String wrong(String code) {
        return String.format("%06d", (Integer.parseInt(code) + 1) % 1_000_000);
    }
}
