package fr.consenti.bench.scrub;

import fr.consenti.core.scrub.NumberScreen;
import fr.consenti.core.scrub.NumberSet;
import fr.consenti.core.scrub.Rejection;
import fr.consenti.core.scrub.ScrubOptions;
import fr.consenti.core.scrub.ScrubReport;
import fr.consenti.core.scrub.Scrubber;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The scrubber without the disk: cleans an in-memory copy of the call file into an in-memory sink several times
 * and prints the calling thread's CPU time per run, the figure that the other tenants of a shared machine inflate
 * least. With {@code -Dscrub.dump=DIR} it also writes the cleaned file and the whole report (counts and every listed
 * rejection) there, to compare two versions of the scrubber byte for byte.
 *
 * <pre>
 * java -Xmx2g -cp bench/target/benchmarks.jar fr.consenti.bench.scrub.ScrubCpuBenchmark
 * </pre>
 *
 * System properties: {@code scrub.data}, {@code scrub.runs} (5), {@code scrub.screen} ({@code list}, or
 * {@code keepall} to leave out the list lookups), {@code scrub.pipelined} ({@code false}; {@code true} to run
 * pipelined on two threads, then the process's CPU time is printed too), {@code scrub.dump}.
 */
public final class ScrubCpuBenchmark {

    private ScrubCpuBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(System.getProperty("scrub.data", "bench/target/data"));
        int runs = Integer.getInteger("scrub.runs", 5);
        boolean keepAll = System.getProperty("scrub.screen", "list").equals("keepall");
        String dump = System.getProperty("scrub.dump");
        boolean pipelined = Boolean.getBoolean("scrub.pipelined");
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Datasets.DataFiles data = Datasets.ensure(dir);
        byte[] calls = Files.readAllBytes(data.calls());
        NumberSet list = NumberSet.of(ScrubBenchmark.readList(data.list()));
        Sink sink = new Sink(calls.length);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        System.out.printf("in-memory scrub, screen %s, %s; load average at start: %s%n",
                keepAll ? "keep all" : "list", pipelined ? "pipelined" : "one thread", loadAverage());
        ScrubReport report = null;
        long bestCpu = Long.MAX_VALUE;
        for (int run = 1; run <= runs; run++) {
            sink.length = 0;
            NumberScreen screen = keepAll ? NumberScreen.KEEP_ALL : NumberScreen.optOut(list, NumberSet.empty());
            long start = System.nanoTime();
            long cpuStart = threads.getCurrentThreadCpuTime();
            long processStart = os.getProcessCpuTime();
            report = new Scrubber(screen, ScrubOptions.defaults().withPipelined(pipelined))
                    .scrub(new ByteArrayInputStream(calls), sink);
            long cpu = threads.getCurrentThreadCpuTime() - cpuStart;
            long processCpu = os.getProcessCpuTime() - processStart;
            long wall = System.nanoTime() - start;
            bestCpu = Math.min(bestCpu, cpu);
            System.out.printf("run %d: %.3f s wall (%.2f M rows/s), %.3f s CPU (%.2f M rows per CPU-second); "
                            + "process CPU %.3f s; load %s%n", run, wall / 1e9, report.rowsRead() / (wall / 1e9) / 1e6,
                    cpu / 1e9, report.rowsRead() / (cpu / 1e9) / 1e6, processCpu / 1e9, loadAverage());
        }
        System.out.printf("best CPU: %.3f s, %.2f M rows per CPU-second; kept %,d of %,d; %s%n", bestCpu / 1e9,
                report.rowsRead() / (bestCpu / 1e9) / 1e6, report.rowsKept(), report.rowsRead(),
                report.rejectedByReason());
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(sink.bytes, 0, sink.length);
        System.out.printf("cleaned: %,d bytes, sha-256 %s%n", sink.length, HexFormat.of().formatHex(sha.digest()));
        if (dump != null) {
            Path out = Path.of(dump);
            Files.createDirectories(out);
            try (OutputStream o = Files.newOutputStream(out.resolve("cleaned.csv"))) {
                o.write(sink.bytes, 0, sink.length);
            }
            try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out.resolve("report.txt"),
                    StandardCharsets.UTF_8))) {
                w.printf("format %s%nread %d kept %d rejected %d empty %d notListed %d bytes %d%n", report.format(),
                        report.rowsRead(), report.rowsKept(), report.rowsRejected(), report.emptyLines(),
                        report.rejectionsNotListed(), report.bytesRead());
                w.println(new java.util.TreeMap<>(report.rejectedByReason()));
                for (Rejection r : report.rejections()) {
                    w.printf("%d %s %s%n", r.line(), r.reason(), r.number());
                }
            }
            System.out.println("dumped to " + out);
        }
    }

    /** An output stream into one preallocated array, so that the runs measure the scrubber and not a sink. */
    private static final class Sink extends OutputStream {
        final byte[] bytes;
        int length;

        Sink(int capacity) {
            bytes = new byte[capacity];
        }

        @Override
        public void write(int b) {
            bytes[length++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            System.arraycopy(b, off, bytes, length, len);
            length += len;
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
