package fr.consenti.server.cli;

import fr.consenti.server.accounts.Invitations;
import fr.consenti.server.accounts.Role;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.web.ErrorResponseException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code consenti accounts invite --role OPERATOR|AUTHORITY --email x@y}: the first registry operator staff and the
 * authority agents get their accounts this way, since nobody on the pages may give those roles. The invitation is the
 * one the pages make (one-use link, 7 days, queued mail, audit event), written into the database of the server's
 * settings; the link is printed as well, for a deployment whose mail is not set up yet.
 */
@Command(name = "accounts", mixinStandardHelpOptions = true, description = "People's accounts.",
        subcommands = AccountsCommand.Invite.class)
public final class AccountsCommand implements Callable<Integer> {

    /** Exit code when the address already has an account (nothing was created). */
    static final int EXIT_EXISTS = 1;
    /** Exit code when the database cannot be read or written (nothing was created). */
    static final int EXIT_UNREADABLE = 3;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ConsentiCli.EXIT_BAD_INPUT;
    }

    @Command(name = "invite", mixinStandardHelpOptions = true,
            description = {"Invites a registry operator staff member or an authority agent: creates the invitation in "
                    + "the database (a one-use link valid 7 days), queues its mail in the outbox (sent by the running "
                    + "server) and prints the link.",
                    "A professional's or a call centre's staff are invited from the pages (/pro/team, /call-centre, "
                            + "/operator/call-centres), never from here.",
                    "Exit code 0 when invited, 1 when the address already has an account, 2 for bad input, 3 when the "
                            + "database cannot be read or written. The embedded H2 database can be written only while "
                            + "the server is stopped."})
    static final class Invite implements Callable<Integer> {

        private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

        @Option(names = "--role", required = true, paramLabel = "OPERATOR|AUTHORITY",
                description = "OPERATOR (registry operator staff) or AUTHORITY (DGCCRF, CNIL agent).")
        String role;

        @Option(names = "--email", required = true, paramLabel = "<address>", description = "The invitee's address.")
        String email;

        @Option(names = "--base-url", paramLabel = "<url>",
                description = "Where the link points (default: CONSENTI_PUBLIC_URL, else http://localhost:8080).")
        String baseUrl;

        @Option(names = "--lang", defaultValue = "fr", paramLabel = "fr|en",
                description = "Language of the mail. Default fr.")
        String lang;

        @Mixin
        DatabaseOptions database = new DatabaseOptions();

        @Spec
        CommandSpec spec;

        Map<String, String> env = System.getenv();
        Clock clock = Clock.systemUTC();

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Role chosen = List.of(Role.values()).stream().filter(r -> r.name().equalsIgnoreCase(role.strip()))
                    .findFirst().orElse(null);
            if (chosen == null || !Invitations.BOOTSTRAP_ROLES.contains(chosen)) {
                err.println("--role must be OPERATOR or AUTHORITY, not " + role + ": a professional's or a call "
                        + "centre's staff are invited by their colleagues on the pages (a call centre's first by the "
                        + "registry operator).");
                err.flush();
                return ConsentiCli.EXIT_BAD_INPUT;
            }
            String address = email.strip().toLowerCase(Locale.ROOT);
            if (address.length() > 254 || !EMAIL.matcher(address).matches()) {
                err.println("--email is not an email address: " + email);
                err.flush();
                return ConsentiCli.EXIT_BAD_INPUT;
            }
            if (!lang.equals("fr") && !lang.equals("en")) {
                err.println("--lang must be fr or en, not " + lang);
                err.flush();
                return ConsentiCli.EXIT_BAD_INPUT;
            }
            String base = first(baseUrl, env.get("CONSENTI_PUBLIC_URL"), "http://localhost:8080")
                    .strip().replaceAll("/+$", "");
            if (!base.startsWith("http://") && !base.startsWith("https://")) {
                err.println("--base-url must start with http:// or https://, not " + base);
                err.flush();
                return ConsentiCli.EXIT_BAD_INPUT;
            }
            try (Connection connection = database.connect(env)) {
                SingleConnectionDataSource single = new SingleConnectionDataSource(connection, true);
                Invitations invitations = Invitations.standalone(single, clock, messages());
                if (invitations.accountExists(address)) {
                    err.println(address + " already has an account: nothing was created.");
                    err.flush();
                    return EXIT_EXISTS;
                }
                Invitations.Sent sent = invitations.inviteRegistryStaff(chosen, address,
                        "cli:" + first(env.get("USER"), null, "unknown"), base, Locale.forLanguageTag(lang));
                out.println("Invited " + address + " as " + chosen.name() + " (invitation " + sent.invitation().id()
                        + ", valid until " + sent.invitation().expiresAt().toInstant() + ").");
                out.println("The mail is queued in the outbox; the link, which works once:");
                out.println(sent.link());
                out.flush();
                return 0;
            } catch (ErrorResponseException refused) {
                err.println("Refused: " + refused.getBody().getDetail() + " " + refused.getBody().getProperties());
                err.flush();
                return ConsentiCli.EXIT_BAD_INPUT;
            } catch (SQLException | org.springframework.dao.DataAccessException
                     | org.springframework.transaction.TransactionException e) {
                err.println("Nothing was created: the database at " + database.url(env) + " failed: "
                        + e.getMessage());
                err.flush();
                return EXIT_UNREADABLE;
            }
        }

        private static ResourceBundleMessageSource messages() {
            ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
            messages.setBasename("messages");
            messages.setDefaultEncoding("UTF-8");
            messages.setFallbackToSystemLocale(false);
            return messages;
        }

        private static String first(String a, String b, String fallback) {
            if (a != null && !a.isBlank()) {
                return a;
            }
            if (b != null && !b.isBlank()) {
                return b;
            }
            return fallback;
        }
    }
}
