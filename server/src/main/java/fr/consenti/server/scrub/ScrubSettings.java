package fr.consenti.server.scrub;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * File cleaning settings ({@code consenti.scrub.*}, e.g. CONSENTI_SCRUB_WORKERS).
 *
 * @param dir                 where uploads, results and reports live, one folder per job (default CONSENTI_DATA/scrub)
 * @param workers             jobs cleaned at once on this node
 * @param queue               jobs waiting on this node beyond those; more are refused with 503 SCRUB_BUSY
 * @param node                this node's name: at start it fails the unfinished jobs it owned
 * @param canaries            canary numbers seeded when the table holds fewer
 * @param sequentialRun       numbers in a row, each the previous plus one, that make a sequential run
 * @param sequentialRows      rows in sequential runs that make a file look like enumeration
 * @param volumeFactor        a file with more rows than this many times the plan's yearly numbers is flagged
 * @param throttle            how long an open flag blocks the professional's submissions
 * @param maxRejectionsListed rejected lines listed in a report (the others are counted)
 * @param pipelined           each job on two threads (reading and parsing on one, deduplicating and writing on the
 *                            other, screening on either): the same result as on one thread, sooner when a second
 *                            core is free (BENCHMARKS.md, file cleaning); false for one thread per job
 */
@ConfigurationProperties("consenti.scrub")
record ScrubSettings(Path dir, @DefaultValue("1") int workers, @DefaultValue("32") int queue, String node,
                     @DefaultValue("48") int canaries, @DefaultValue("50") int sequentialRun,
                     @DefaultValue("1000") long sequentialRows, @DefaultValue("2") long volumeFactor,
                     @DefaultValue("P1D") Duration throttle, @DefaultValue("100000") int maxRejectionsListed,
                     @DefaultValue("true") boolean pipelined) {

    ScrubSettings {
        if (workers < 1 || queue < 1) {
            throw new IllegalArgumentException("consenti.scrub.workers and .queue must be at least 1");
        }
        if (node == null || node.isBlank()) {
            node = hostName();
        }
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }
}
