package fr.consenti.server;

import fr.consenti.server.cli.ConsentiCli;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Starts the Consenti server, or with a subcommand ({@code number}, {@code when}, …) runs the command-line
 * tool instead, without starting Spring.
 */
@SpringBootApplication
public class ConsentiApplication {

    public static void main(String[] args) {
        if (ConsentiCli.isSubcommand(args)) {
            System.exit(ConsentiCli.run(args));
        }
        SpringApplication.run(ConsentiApplication.class, args);
    }
}
