package fr.consenti.server.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    void aFourthCodeWithinAnHourForTheSameNumberIsRefusedAndNotSent() {
        long person = accounts.person(Role.CONSUMER, null).id();
        String number = newNumber();
        for (int i = 0; i < PhoneCodes.MAX_CODES_PER_PERSON_AND_NUMBER_PER_HOUR; i++) {
            codes.send(person, number);
        }

        assertThatThrownBy(() -> codes.send(person, number)).isInstanceOf(PhoneCodes.TooManyCodes.class);
        assertThat(outbox.to(number)).hasSize(PhoneCodes.MAX_CODES_PER_PERSON_AND_NUMBER_PER_HOUR);

        clock.advance(Duration.ofHours(1));
        codes.send(person, number);
        assertThat(outbox.to(number)).hasSize(PhoneCodes.MAX_CODES_PER_PERSON_AND_NUMBER_PER_HOUR + 1);
    }

    @Test
    void aNumberReceivesAtMostFiveCodesADayWhoeverAsksForThem() {
        String number = newNumber();
        for (int i = 0; i < PhoneCodes.MAX_CODES_TO_A_NUMBER_PER_DAY; i++) {
            codes.send(accounts.person(Role.CONSUMER, null).id(), number);
        }
        long another = accounts.person(Role.CONSUMER, null).id();

        assertThatThrownBy(() -> codes.send(another, number)).isInstanceOf(PhoneCodes.TooManyCodes.class);
        assertThat(outbox.to(number)).hasSize(PhoneCodes.MAX_CODES_TO_A_NUMBER_PER_DAY);

        clock.advance(Duration.ofDays(1));
        codes.send(another, number);
        assertThat(outbox.to(number)).hasSize(PhoneCodes.MAX_CODES_TO_A_NUMBER_PER_DAY + 1);
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
