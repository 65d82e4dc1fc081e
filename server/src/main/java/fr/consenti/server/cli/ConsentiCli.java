package fr.consenti.server.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ./consenti <subcommand>} tool. Each subcommand is a picocli command registered in {@link #COMMANDS}. */
@Command(name = "consenti", mixinStandardHelpOptions = true,
        description = "Consenti command-line tool. Without a subcommand, ./consenti starts the server.")
public final class ConsentiCli {

    /** The subcommands, each a class with a no-argument constructor. Add new ones here. */
    static final List<Class<?>> COMMANDS = List.of(NumberCommand.class, WhenCommand.class, AuditCommand.class,
            ConsentsCommand.class, VerifyReceiptCommand.class, RegistryCommand.class, ScrubCommand.class,
            AccountsCommand.class);

    /** Exit code for bad input (an input that does not parse, a bad option). */
    public static final int EXIT_BAD_INPUT = 2;

    private ConsentiCli() {
    }

    /** Whether these program arguments ask for the command-line tool rather than the server. */
    public static boolean isSubcommand(String[] args) {
        if (args.length == 0) {
            return false;
        }
        String first = args[0];
        return first.equals("help") || first.equals("--help") || first.equals("-h") || first.equals("--version")
                || commandLine().getSubcommands().containsKey(first);
    }

    /** Runs the tool and returns its exit code. */
    public static int run(String[] args) {
        CommandLine cli = commandLine();
        cli.setOut(new PrintWriter(System.out, true, StandardCharsets.UTF_8));
        cli.setErr(new PrintWriter(System.err, true, StandardCharsets.UTF_8));
        return cli.execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new ConsentiCli());
        cli.addSubcommand(new CommandLine.HelpCommand());
        for (Class<?> command : COMMANDS) {
            cli.addSubcommand(command);
        }
        // Bad options are bad input, like an input that does not parse: same exit code.
        cli.setParameterExceptionHandler((ex, arguments) -> {
            ex.getCommandLine().getErr().println(ex.getMessage());
            ex.getCommandLine().usage(ex.getCommandLine().getErr());
            return EXIT_BAD_INPUT;
        });
        return cli;
    }
}
