package fr.consenti.server.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import fr.consenti.server.testsupport.Browser;
import fr.consenti.server.testsupport.ConsentiIT;
import fr.consenti.server.testsupport.TestAccounts;
import fr.consenti.server.testsupport.TestClock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

@ConsentiIT
class SignInThrottleIT {

    /** Each test signs in from its own documentation addresses (RFC 5737), so counts never mix. */
    private static final AtomicInteger ADDRESS = new AtomicInteger();

    @LocalServerPort
    int port;

    @Autowired
    TestAccounts accounts;

    @Autowired
    TestClock clock;

    @Autowired
    JdbcClient jdbc;

    @Test
    void fiveFailuresForAnEmailLockItForFifteenMinutesWhateverThePassword() {
        Person person = accounts.person(Role.CONSUMER, null);
        for (int i = 0; i < SignInThrottle.MAX_FAILURES; i++) {
            // From a new address each time: the lock here is the email's.
            assertThat(Browser.location(new Browser(port, newAddress()).signIn(person.email(), "wrong password " + i)))
                    .endsWith("/login?error=credentials");
        }

        Browser owner = new Browser(port, newAddress());
        assertThat(Browser.location(owner.signIn(person.email(), TestAccounts.PASSWORD)))
                .endsWith("/login?error=throttled");
        assertThat(owner.get("/login?error=throttled").body()).contains("bloquée pendant 15 minutes");
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'SIGN_IN_THROTTLED' and subject = ?")
                .param("email:" + person.email()).query(Long.class).single()).isEqualTo(1);

        clock.advance(SignInThrottle.LOCK.minusSeconds(1));
        assertThat(Browser.location(owner.signIn(person.email(), TestAccounts.PASSWORD)))
                .endsWith("/login?error=throttled");

        clock.advance(Duration.ofSeconds(1));
        assertThat(Browser.location(owner.signIn(person.email(), TestAccounts.PASSWORD))).endsWith("/account");
    }

    @Test
    void failuresSpreadOverMoreThanTheWindowDoNotLock() {
        Person person = accounts.person(Role.CONSUMER, null);
        for (int i = 0; i < 2 * SignInThrottle.MAX_FAILURES; i++) {
            new Browser(port, newAddress()).signIn(person.email(), "wrong password " + i);
            clock.advance(SignInThrottle.WINDOW.dividedBy(SignInThrottle.MAX_FAILURES - 1));
        }

        assertThat(Browser.location(new Browser(port, newAddress()).signIn(person.email(), TestAccounts.PASSWORD)))
                .endsWith("/account");
    }

    @Test
    void fiveFailuresFromOneAddressLockThatAddressForEveryAccount() {
        String address = newAddress();
        for (int i = 0; i < SignInThrottle.MAX_FAILURES; i++) {
            new Browser(port, address).signIn(TestAccounts.uniqueEmail("guess"), "wrong password");
        }
        Person person = accounts.person(Role.CONSUMER, null);

        assertThat(Browser.location(new Browser(port, address).signIn(person.email(), TestAccounts.PASSWORD)))
                .endsWith("/login?error=throttled");
        assertThat(Browser.location(new Browser(port, newAddress()).signIn(person.email(), TestAccounts.PASSWORD)))
                .endsWith("/account");
    }

    private static String newAddress() {
        int n = ADDRESS.incrementAndGet();
        return "203.0." + (113 + n / 250) + "." + (1 + n % 250);
    }
}
