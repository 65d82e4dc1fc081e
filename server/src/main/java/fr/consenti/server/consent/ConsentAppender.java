package fr.consenti.server.consent;

import jakarta.annotation.PreDestroy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Group commit of new consents. Every append to the ledger holds the chain-head row lock until its transaction
 * commits, so appends made one transaction each commit one after another, each waiting for its own WAL flush: a
 * few hundred a second whatever the hardware. Here the request threads hand their validated GIVEN events to one
 * appender thread, which links every event waiting under one lock, in one transaction
 * ({@link ConsentLedger#recordGiven(List)}), and completes each caller's future only once that transaction has
 * committed: nothing is acknowledged before it is durable. While one batch commits, the next one gathers.
 *
 * <p>When a batch fails, its events are appended again one by one, so that one bad event fails only its own caller.
 * Other nodes append through the same lock: their batches interleave with this node's, and the chain stays one.
 */
@Component
final class ConsentAppender {

    private static final Logger LOG = LoggerFactory.getLogger(ConsentAppender.class);

    private record Pending(ConsentEvent event, CompletableFuture<ConsentEvent> linked) {
    }

    private final ConsentLedger ledger;
    private final int maxBatch;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean running = true;

    ConsentAppender(ConsentLedger ledger, @Value("${consenti.ledger.max-batch:500}") int maxBatch) {
        this.ledger = ledger;
        this.maxBatch = Math.max(1, maxBatch);
        this.thread = Thread.ofPlatform().name("consent-appender").daemon(true).unstarted(this::run);
        thread.start();
    }

    /**
     * Appends one GIVEN event and returns it linked, once its transaction has committed. Throws what appending it
     * alone threw when it fails.
     */
    ConsentEvent append(ConsentEvent given) {
        CompletableFuture<ConsentEvent> linked = new CompletableFuture<>();
        if (!running) {
            throw new IllegalStateException("the consent appender is stopped: the server is shutting down");
        }
        queue.add(new Pending(given, linked));
        try {
            while (true) {
                try {
                    return linked.get(1, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    if (!thread.isAlive() && queue.remove(new Pending(given, linked))) {
                        throw new IllegalStateException("the consent appender stopped: the server is shutting down");
                    }
                }
            }
        } catch (InterruptedException e) {
            // The event may still be committed; the caller just is not told. Nothing unrecorded is acknowledged.
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the consent was being recorded", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new CompletionException(e.getCause());
        }
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(maxBatch);
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                appendBatch(batch);
            } catch (InterruptedException e) {
                // Stopping: finish what is queued, then leave.
                running = false;
            } catch (Throwable e) {
                // Never leave a caller waiting for ever, whatever went wrong.
                batch.forEach(p -> p.linked().completeExceptionally(e));
                LOG.error("consent appender: batch failed", e);
            } finally {
                batch.clear();
            }
        }
    }

    private void appendBatch(List<Pending> batch) {
        List<ConsentEvent> linked;
        try {
            linked = ledger.recordGiven(batch.stream().map(Pending::event).toList());
        } catch (RuntimeException batchFailure) {
            if (batch.size() == 1) {
                batch.getFirst().linked().completeExceptionally(batchFailure);
                return;
            }
            // One bad event must not fail the others: each alone, in its own transaction.
            LOG.warn("consent appender: a batch of {} failed ({}); appending them one by one", batch.size(),
                    batchFailure.getClass().getSimpleName());
            for (Pending pending : batch) {
                try {
                    pending.linked().complete(ledger.recordGiven(List.of(pending.event())).getFirst());
                } catch (RuntimeException alone) {
                    pending.linked().completeExceptionally(alone);
                }
            }
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).linked().complete(linked.get(i));
        }
    }

    /** Stops taking new events, appends those already queued, then ends the thread. */
    @PreDestroy
    void stop() throws InterruptedException {
        running = false;
        thread.join(TimeUnit.SECONDS.toMillis(30));
    }
}
