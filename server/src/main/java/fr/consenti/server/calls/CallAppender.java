package fr.consenti.server.calls;

import fr.consenti.server.screening.ScreeningService;
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
 * Group commit of {@code POST /api/v1/calls} (the pattern of the consent ledger's appender). A call made one
 * transaction each waits for its own WAL flush, and its round trips, while holding its counter row: a few hundred a
 * second. Here the request threads hand their validated calls to the node's appender threads, each of which records
 * every call waiting (up to {@code consenti.calls.max-batch}) in one transaction ({@link CallRecorder#record(List)}) and
 * completes each caller's future only once that transaction has committed: nothing is acknowledged before it is
 * durable. While one batch commits, the next one gathers.
 *
 * <p>{@code consenti.calls.appenders} (default 2) threads take batches from the same queue: a batch's time is
 * mostly round trips to the database and its commit while it holds its row locks, and a second thread overlaps them
 * (one thread: about 1,500 calls/s on these machines; two: about 2,300; three: no more; BENCHMARKS.md). Batches of
 * two threads (as those of two nodes) lock in the same order and cannot deadlock; two calls for one number in two
 * concurrent batches are serialised by the number's counter row.
 *
 * <p>When a batch fails, its calls are recorded again one by one, so that one bad call fails only its own caller
 * ({@link CallRecorder#recordOrOneByOne(List)}).
 */
@Component
final class CallAppender {

    private static final Logger LOG = LoggerFactory.getLogger(CallAppender.class);

    private record Waiting(CallRecorder.Pending call, CompletableFuture<CallRecorder.Recorded> recorded) {
    }

    private final CallRecorder recorder;
    private final ScreeningService screening;
    private final int maxBatch;
    private final BlockingQueue<Waiting> queue = new LinkedBlockingQueue<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    CallAppender(CallRecorder recorder, ScreeningService screening,
                 @Value("${consenti.calls.max-batch:500}") int maxBatch,
                 @Value("${consenti.calls.appenders:2}") int appenders) {
        this.recorder = recorder;
        this.screening = screening;
        this.maxBatch = Math.max(1, maxBatch);
        for (int i = 0; i < Math.max(1, appenders); i++) {
            threads.add(Thread.ofPlatform().name("call-appender-" + i).daemon(true).start(this::run));
        }
    }

    /** Records one call and returns what became of it, once its transaction has committed. */
    CallRecorder.Recorded record(CallRecorder.Pending call) {
        if (!running) {
            throw new IllegalStateException("the call appender is stopped: the server is shutting down");
        }
        Waiting waiting = new Waiting(call, new CompletableFuture<>());
        queue.add(waiting);
        try {
            while (true) {
                try {
                    return waiting.recorded().get(1, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    if (threads.stream().noneMatch(Thread::isAlive) && queue.remove(waiting)) {
                        throw new IllegalStateException("the call appender stopped: the server is shutting down");
                    }
                }
            }
        } catch (InterruptedException e) {
            // The call may still be recorded; the caller just is not told. Nothing unrecorded is acknowledged.
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the call was being recorded", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new CompletionException(e.getCause());
        }
    }

    private void run() {
        List<Waiting> batch = new ArrayList<>(maxBatch);
        while (running || !queue.isEmpty()) {
            try {
                Waiting first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                recordBatch(batch);
            } catch (InterruptedException e) {
                // Stopping: finish what is queued, then leave.
                running = false;
            } catch (Throwable e) {
                // Never leave a caller waiting for ever, whatever went wrong.
                batch.forEach(w -> w.recorded().completeExceptionally(e));
                LOG.error("call appender: batch failed", e);
            } finally {
                batch.clear();
            }
        }
    }

    private void recordBatch(List<Waiting> batch) {
        List<CallRecorder.Recorded> recorded = recorder.recordOrOneByOne(batch.stream().map(Waiting::call).toList());
        boolean allowed = false;
        for (int i = 0; i < batch.size(); i++) {
            CallRecorder.Recorded r = recorded.get(i);
            allowed |= r instanceof CallRecorder.Decided d && d.callId() != null;
            batch.get(i).recorded().complete(r);
        }
        if (allowed) {
            // This node's index learns the attempts from the feed now rather than at its next poll.
            screening.wake();
        }
    }

    /** Stops taking new calls, records those already queued, then ends the thread. */
    @PreDestroy
    void stop() throws InterruptedException {
        running = false;
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        }
    }
}
