package fr.consenti.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import fr.consenti.server.accounts.People;
import fr.consenti.server.accounts.Person;
import fr.consenti.server.accounts.Role;
import fr.consenti.server.outbox.OutboxSender;
import fr.consenti.server.testsupport.Browser;
import fr.consenti.server.testsupport.ConsentiIT;
import fr.consenti.server.testsupport.TestAccounts;
import fr.consenti.server.testsupport.TestMail;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code ./consenti accounts invite}: the registry's and the authorities' first staff, invited from the command line
 * into the database the running application uses; the link printed works on the pages, once.
 */
@ConsentiIT
class OnboardingAccountsInviteCommandIT {

    private static final Pattern LINK = Pattern.compile("https?://\\S+/invitation\\?token=[A-Za-z0-9_-]+");
    private static final String PASSWORD = "une longue phrase de passe";

    @LocalServerPort
    int port;
    @Autowired
    Environment environment;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    People people;
    @Autowired
    OutboxSender sender;
    @Autowired
    TestAccounts accounts;

    private final CliRun cli = new CliRun();

    @Test
    void invitesAnOperatorPrintsTheLinkQueuesTheMailAndTheLinkMakesAnOperator() {
        String email = TestAccounts.uniqueEmail("Operator.Cli");

        int exit = invite("--role", "operator", "--email", email);

        assertThat(exit).as(cli.err()).isZero();
        assertThat(cli.out()).contains("Invited " + email.toLowerCase() + " as OPERATOR");
        Matcher printed = LINK.matcher(cli.out());
        assertThat(printed.find()).isTrue();
        URI link = URI.create(printed.group());
        assertThat(link.toString()).startsWith("http://localhost:" + port + "/invitation?token=");

        sender.sendPending();
        List<TestMail.Received> mails = TestMail.to(email.toLowerCase());
        assertThat(mails).hasSize(1);
        assertThat(mails.getFirst().subject()).contains("l'opérateur du registre");
        assertThat(jdbc.sql("select action from audit_event where actor like 'cli:%' and subject = ("
                        + "select 'invitation:' || id from invitation where email = ?)")
                .param(email.toLowerCase()).query(String.class).list()).containsExactly("INVITATION_SENT");

        Browser invitee = new Browser(port);
        String page = invitee.get(link.getRawPath() + "?" + link.getRawQuery()).body();
        assertThat(page).contains("l&#39;opérateur du registre", "Opérateur du registre");
        assertThat(Browser.location(invitee.post("/invitation", Map.of("token", link.getRawQuery().substring(6),
                "password", PASSWORD, "confirmation", PASSWORD), Browser.csrf(page)))).contains("/login?invited");
        Person operator = people.findByEmail(email).orElseThrow();
        assertThat(operator.role()).isEqualTo(Role.OPERATOR);
        assertThat(operator.professionalId()).isNull();
        assertThat(operator.callCentreId()).isNull();
        Browser signedIn = new Browser(port);
        assertThat(Browser.location(signedIn.signIn(email, PASSWORD))).endsWith("/account");
        assertThat(signedIn.get("/operator/call-centres").statusCode()).isEqualTo(200);
    }

    @Test
    void invitesAnAuthorityAgentInEnglish() {
        String email = TestAccounts.uniqueEmail("agent");

        assertThat(invite("--role", "AUTHORITY", "--email", email, "--lang", "en",
                "--base-url", "https://consenti.example.fr/")).as(cli.err()).isZero();

        assertThat(cli.out()).contains("https://consenti.example.fr/invitation?token=");
        sender.sendPending();
        assertThat(TestMail.to(email).getFirst().subject()).contains("a supervisory authority");
        assertThat(jdbc.sql("select role from invitation where email = ?").param(email).query(String.class).single())
                .isEqualTo("AUTHORITY");
    }

    @Test
    void badInputIsRefusedWithItsExitCodeAndNothingIsCreated() {
        String email = TestAccounts.uniqueEmail("refused");
        for (List<String> args : List.of(
                List.of("--role", "PROFESSIONAL", "--email", email),
                List.of("--role", "CALL_CENTRE", "--email", email),
                List.of("--role", "CONSUMER", "--email", email),
                List.of("--role", "KING", "--email", email),
                List.of("--role", "OPERATOR", "--email", "not-an-address"),
                List.of("--role", "OPERATOR", "--email", email, "--lang", "de"),
                List.of("--role", "OPERATOR", "--email", email, "--base-url", "ftp://x"),
                List.of("--role", "OPERATOR"))) {
            cli.clear();
            assertThat(invite(args.toArray(String[]::new))).as(args + ": " + cli.err())
                    .isEqualTo(ConsentiCli.EXIT_BAD_INPUT);
            assertThat(cli.err()).as(args.toString()).isNotBlank();
        }
        assertThat(cli.run("accounts")).isEqualTo(ConsentiCli.EXIT_BAD_INPUT);
        assertThat(jdbc.sql("select count(*) from invitation where email = ?").param(email).query(Long.class).single())
                .isZero();
    }

    @Test
    void anAddressWithAnAccountIsItsOwnExitCode() {
        Person existing = accounts.person(Role.CONSUMER, null);

        assertThat(invite("--role", "OPERATOR", "--email", existing.email())).isEqualTo(AccountsCommand.EXIT_EXISTS);

        assertThat(cli.err()).contains("already has an account");
        assertThat(jdbc.sql("select count(*) from invitation where email = ?").param(existing.email())
                .query(Long.class).single()).isZero();
    }

    @Test
    void anUnreachableDatabaseIsItsOwnExitCode() {
        int exit = cli.run("accounts", "invite", "--role", "OPERATOR", "--email", "x@example.test",
                "--db-url", "jdbc:h2:mem:nothing-here;IFEXISTS=TRUE");

        assertThat(exit).isEqualTo(AccountsCommand.EXIT_UNREADABLE);
        assertThat(cli.err()).contains("Nothing was created");
    }

    @Test
    void isRegisteredAsASubcommand() {
        assertThat(ConsentiCli.isSubcommand(new String[] {"accounts", "invite"})).isTrue();
    }

    private int invite(String... options) {
        List<String> args = new ArrayList<>(List.of("accounts", "invite"));
        args.addAll(List.of(options));
        if (!args.contains("--base-url")) {
            args.addAll(List.of("--base-url", "http://localhost:" + port));
        }
        args.addAll(List.of("--db-url", environment.getProperty("spring.datasource.url"),
                "--db-user", environment.getProperty("spring.datasource.username"),
                "--db-password", environment.getProperty("spring.datasource.password", "")));
        return cli.run(args.toArray(String[]::new));
    }
}
