package fr.consenti.core.scrub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A pipelined scrub over many blocks, with the screen or the output made slow, so that the reading thread screens
 * and writes some blocks and the helper others: the same output and report as on one thread, and the screen called
 * for one block at a time, in file order, as a screen that keeps state across blocks (the server's watch) needs.
 */
class ScrubberPipelineTest {

    /** A screen that records the order of its calls and fails the test if two ever overlap. */
    static class OrderedScreen implements NumberScreen {
        private final NumberScreen inner;
        private final SplittableRandom random;
        private final int pauseOneIn;
        private final AtomicBoolean inside = new AtomicBoolean();
        volatile boolean overlapped;
        long calls;
        long hash = 17;

        OrderedScreen(NumberScreen inner, long seed, int pauseOneIn) {
            this.inner = inner;
            this.random = new SplittableRandom(seed);
            this.pauseOneIn = pauseOneIn;
        }

        @Override
        public int screen(int nsn) {
            return inner.screen(nsn);
        }

        @Override
        public void screen(int[] nsns, int[] reasons, int n) {
            if (!inside.compareAndSet(false, true)) {
                overlapped = true;
            }
            calls++;
            for (int i = 0; i < n; i++) {
                hash = hash * 31 + nsns[i];
            }
            if (pauseOneIn > 0 && random.nextInt(pauseOneIn) == 0) {
                LockSupport.parkNanos(2_000_000);
            }
            inner.screen(nsns, reasons, n);
            inside.set(false);
        }
    }

    /** An output that now and then pauses, so that the consumer falls behind. */
    static class SlowOutput extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final SplittableRandom random;
        private final int pauseOneIn;

        SlowOutput(long seed, int pauseOneIn) {
            this.random = new SplittableRandom(seed);
            this.pauseOneIn = pauseOneIn;
        }

        @Override
        public void write(int b) {
            bytes.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (pauseOneIn > 0 && random.nextInt(pauseOneIn) == 0) {
                LockSupport.parkNanos(3_000_000);
            }
            bytes.write(b, off, len);
        }
    }

    @Test
    void eitherThreadScreensInFileOrderAndTheResultIsTheOneThreadOne() throws IOException {
        byte[] input = file();
        NumberSet list = list();

        OrderedScreen oneScreen = new OrderedScreen(NumberScreen.optOut(list, NumberSet.empty()), 1, 0);
        SlowOutput oneOut = new SlowOutput(1, 0);
        ScrubReport one = new Scrubber(oneScreen, ScrubOptions.defaults()).scrub(new ByteArrayInputStream(input),
                oneOut);
        assertThat(oneScreen.calls).isGreaterThan(8);

        // A slow writer (the producer screens), a slow screen (the consumer screens), neither.
        int[][] pauses = {{0, 3}, {4, 0}, {0, 0}, {2, 2}};
        for (int[] pause : pauses) {
            OrderedScreen screen = new OrderedScreen(NumberScreen.optOut(list, NumberSet.empty()), 2, pause[0]);
            SlowOutput out = new SlowOutput(3, pause[1]);
            ScrubReport pipelined = new Scrubber(screen, ScrubOptions.defaults().withPipelined(true))
                    .scrub(new ByteArrayInputStream(input), out);
            assertThat(screen.overlapped).as("screen calls overlapped").isFalse();
            assertThat(screen.calls).isEqualTo(oneScreen.calls);
            assertThat(screen.hash).as("screen calls in file order").isEqualTo(oneScreen.hash);
            assertThat(pipelined).isEqualTo(one);
            assertThat(out.bytes.toByteArray()).isEqualTo(oneOut.bytes.toByteArray());
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aScreenThatFailsOnEitherThreadFailsTheScrub() {
        byte[] input = file();
        NumberSet list = list();
        int[][] pauses = {{0, 3}, {4, 0}, {0, 0}};
        for (int failAt = 1; failAt <= 9; failAt += 2) {
            for (int[] pause : pauses) {
                int at = failAt;
                OrderedScreen screen = new OrderedScreen(NumberScreen.optOut(list, NumberSet.empty()), 5, pause[0]) {
                    @Override
                    public void screen(int[] nsns, int[] reasons, int n) {
                        if (calls + 1 == at) {
                            throw new IllegalStateException("screen failed");
                        }
                        super.screen(nsns, reasons, n);
                    }
                };
                assertThatThrownBy(() -> new Scrubber(screen, ScrubOptions.defaults().withPipelined(true))
                        .scrub(new ByteArrayInputStream(input), new SlowOutput(7, pause[1])))
                        .isInstanceOf(IllegalStateException.class).hasMessage("screen failed");
            }
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void anOutputThatFailsOnEitherThreadFailsTheScrub() {
        byte[] input = file();
        NumberSet list = list();
        for (int failAt = 1; failAt <= 29; failAt += 4) { // the cleaned file takes 29 writes
            for (int pause : new int[] {0, 3}) {
                int at = failAt;
                SlowOutput out = new SlowOutput(11, pause) {
                    int writes;

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        if (++writes == at) {
                            throw new IOException("disk full");
                        }
                        super.write(b, off, len);
                    }
                };
                assertThatThrownBy(() -> new Scrubber(NumberScreen.optOut(list, NumberSet.empty()),
                        ScrubOptions.defaults().withPipelined(true)).scrub(new ByteArrayInputStream(input), out))
                        .isInstanceOf(IOException.class).hasMessageContaining("disk full");
            }
        }
    }

    private static final int ROWS = 700_000;
    private static final int[] POOL = pool();

    private static int[] pool() {
        SplittableRandom random = new SplittableRandom(20261129L);
        int[] pool = new int[200_000];
        for (int i = 0; i < pool.length; i++) {
            pool[i] = 600_000_000 + random.nextInt(100_000_000);
        }
        return pool;
    }

    private static NumberSet list() {
        SplittableRandom random = new SplittableRandom(20261130L);
        int[] listed = new int[60_000];
        for (int i = 0; i < listed.length; i++) {
            listed[i] = POOL[random.nextInt(POOL.length)];
        }
        return NumberSet.of(listed);
    }

    /** About 12 blocks of short rows, some names quoted over two lines, some numbers invalid. */
    private static byte[] file() {
        SplittableRandom random = new SplittableRandom(20261131L);
        StringBuilder file = new StringBuilder("nom;telephone\n");
        for (int row = 0; row < ROWS; row++) {
            file.append(random.nextInt(100) == 0 ? "\"a\nb\";" : "x;");
            file.append(random.nextInt(50) == 0 ? "abc" : "0" + POOL[random.nextInt(POOL.length)]).append('\n');
        }
        return file.toString().getBytes(StandardCharsets.UTF_8);
    }
}
