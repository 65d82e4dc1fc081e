package fr.consenti.core.scrub;

import fr.consenti.core.number.NumberErrorCode;
import fr.consenti.core.number.NumberParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Cleans a call file in one pass: reads CSV records as bytes, screens the number of each, and copies the records
 * that may be called to the output byte for byte (header, line endings, quoting and every other column as they
 * were), with a {@link ScrubReport}.
 *
 * <p>The per-row path allocates nothing (but the text of the first rejected lines the report lists, and the pages
 * of the duplicate set as they fill): records are
 * found in a reusable buffer, a block of up to {@value #BLOCK} of them is parsed, its numbers sorted (a radix sort,
 * stable, so equal numbers stay in file order), then looked up and deduplicated in that order, and the records
 * copied out in file order. Sorted, the lookups of a block walk the list's index and the duplicate set from low
 * addresses to high instead of jumping about: each memory page is mapped once for many lookups rather than once
 * per lookup, and the hardware prefetcher sees the direction. With
 * {@link ScrubOptions#pipelined()}, the calling thread reads, parses and sorts blocks while a second thread screens,
 * deduplicates and writes them; the calling thread screens and writes too whenever the second one falls behind (is
 * slower, or descheduled), and only waits when there is nothing it may do. Screening and writing each take one
 * block at a time, in file order, whichever thread does it, so the screen sees the calls it would on one thread and
 * duplicates are decided in file order. A record longer than {@link ScrubOptions#maxRecordBytes()} is skipped as it streams
 * by, so no input makes the buffers grow beyond twice that bound (four such chunks pipelined); a block's arrays
 * take about 4 MB (four blocks pipelined), and the duplicate tracking 2 to 8 bytes per distinct number kept, never
 * more than 8 KB per 65,536 numbers of the plan. A scrubber may run any number of files, one at a
 * time; the {@link NumberScreen} it is given must not be shared with another scrub running at the same time.
 */
public final class Scrubber {

    /** Rows of a block: the more, the closer its sorted lookups; its index in the block takes the low bits. */
    static final int INDEX_BITS = 16;
    static final int BLOCK = 1 << INDEX_BITS;
    private static final long INDEX_MASK = BLOCK - 1;
    /** Blocks and chunks in flight between the two threads of a pipelined scrub. */
    private static final int PIPELINE_BLOCKS = 4;
    private static final int PIPELINE_CHUNKS = 4;
    /**
     * Blocks handed over and not yet being written from which the reading thread screens and writes too: at 1 it
     * helped too soon and became the slower thread (its CPU 0.90-0.98 s against 0.82-0.87 s at 2, in-memory).
     */
    private static final int HELP_BACKLOG = 2;
    private static final int COMPLETE = 0;
    private static final int INCOMPLETE = 1;
    private static final int UNTERMINATED = 2;
    private static final int NUMBER_INVALID = ScrubReason.NUMBER_INVALID.code();
    private static final int NOT_CALLABLE = ScrubReason.NUMBER_NOT_CALLABLE.code();
    private static final int DUPLICATE = ScrubReason.DUPLICATE.code();
    private static final int MISSING = NumberErrorCode.EMPTY.hotPathCode();
    private static final int REJECTED_TEXT_BYTES = 64;

    private final NumberScreen screen;
    private final ScrubOptions options;

    /** A scrubber that removes what {@code screen} says besides invalid, uncallable and duplicate numbers. */
    public Scrubber(NumberScreen screen, ScrubOptions options) {
        this.screen = screen;
        this.options = options;
    }

    /**
     * Reads the call file from {@code in} to its end and writes the cleaned file to {@code out}; closes neither.
     *
     * @throws ScrubException when the file cannot be cleaned at all (binary, UTF-16, no phone column)
     */
    public ScrubReport scrub(InputStream in, OutputStream out) throws IOException {
        return new Run(in, out).run();
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long NEWLINES = '\n' * ONES;
    private static final long QUOTES = '"' * ONES;

    static long sepWord(byte sep) {
        return (sep & 0xFFL) * ONES;
    }

    /**
     * The index of the first newline, separator or quote in {@code b[i, lim)}, or {@code lim}: eight bytes at a
     * time, since most bytes of a record are none of the three and a byte-by-byte loop spends its time on them.
     */
    static int nextSpecial(byte[] b, int i, int lim, long sepWord) {
        while (i + 8 <= lim) {
            long w = (long) LONGS.get(b, i);
            // A byte of x is zero where w has the byte looked for; the lowest flag of each mask is exact.
            long x = w ^ NEWLINES;
            long y = w ^ sepWord;
            long z = w ^ QUOTES;
            long m = ((x - ONES) & ~x | (y - ONES) & ~y | (z - ONES) & ~z) & HIGHS;
            if (m != 0) {
                return i + (Long.numberOfTrailingZeros(m) >>> 3);
            }
            i += 8;
        }
        byte sep = (byte) sepWord;
        while (i < lim) {
            byte c = b[i];
            if (c == '\n' || c == sep || c == '"') {
                return i;
            }
            i++;
        }
        return lim;
    }

    /** Records read and parsed together, then screened together; reused, never allocated per row. */
    static final class Block {
        final int[] recStart = new int[BLOCK];
        final int[] recEnd = new int[BLOCK];
        final int[] fieldFrom = new int[BLOCK];
        final int[] fieldTo = new int[BLOCK];
        final long[] lines = new long[BLOCK];
        final int[] nsns = new int[BLOCK];
        final int[] reasons = new int[BLOCK];
        /** The rows still to screen as {@code nsn << INDEX_BITS | row}, then sorted (in one of the two). */
        final long[] keys = new long[BLOCK];
        final long[] spare = new long[BLOCK];
        long[] sorted;
        /** How many rows are sorted, and their numbers and reasons in sorted order. */
        int m;
        final int[] sortedNsns = new int[BLOCK];
        final int[] sortedReasons = new int[BLOCK];
        byte[] chunk;
        int n;
        /** A chunk no later block reads: the consumer hands it back once this block is done. */
        byte[] releases;
        boolean last;
        /** Pipelined: screened (by either thread); guarded by the pipeline's lock. */
        boolean screened;
    }

    /** A record copied out but not counted as a row, nor screened. */
    static final int HEADER = -1;

    /** The state of one scrub: reading and parsing (producer), screening and writing (consumer), counts. */
    private final class Run {

        private final InputStream in;
        private final OutputStream out;
        private byte[] buf;
        private int limit;
        private int pos;
        private boolean eof;
        private long bytesRead;
        private final byte[] outBuf = new byte[1 << 16];
        private int outLen;

        private char sep;
        private byte sepByte;
        private int column;
        private Charset charset;
        private SingleByteView singleByte;
        private boolean headerPending;
        private long line = 1;
        private long emptyLines;

        private int scanEnd;
        private int scanFrom;
        private int scanTo;
        private int scanNewlines;

        private Block block = new Block();
        private final int[] radixCounts = new int[RadixSort.RADIX];

        // The writer's state: written by the thread that holds the pipeline's writing turn, read once both have
        // finished.
        private final SeenNumbers seen = new SeenNumbers();
        private final long[] counts = new long[ScrubReason.values().length + 1];
        private final List<Rejection> rejections = new ArrayList<>();
        private long notListed;
        private long rowsRead;
        private long rowsKept;

        // The pipeline, when options.pipelined(): all guarded by the lock.
        private ReentrantLock lock;
        private Condition changed;
        /** Blocks handed over and not yet taken to be written, in file order: the screened ones first. */
        private ArrayDeque<Block> pending;
        private ArrayDeque<Block> freeBlocks;
        private ArrayDeque<byte[]> freeChunks;
        private boolean screening;
        private boolean writing;
        /** The reader has handed over its last block, or stopped on a failure ({@link #aborted}). */
        private boolean finished;
        private boolean aborted;
        private Throwable helperFailure;

        Run(InputStream in, OutputStream out) {
            this.in = in;
            this.out = out;
            this.buf = new byte[chunkSize()];
        }

        private int chunkSize() {
            return Math.max(2 * options.maxRecordBytes() + 2, 1 << 20);
        }

        ScrubReport run() throws IOException {
            refill();
            DetectedFormat format = detect();
            Thread helper = null;
            if (options.pipelined()) {
                lock = new ReentrantLock();
                changed = lock.newCondition();
                pending = new ArrayDeque<>(PIPELINE_BLOCKS);
                freeBlocks = new ArrayDeque<>(PIPELINE_BLOCKS);
                for (int i = 1; i < PIPELINE_BLOCKS; i++) {
                    freeBlocks.add(new Block());
                }
                freeChunks = new ArrayDeque<>(PIPELINE_CHUNKS);
                for (int i = 1; i < PIPELINE_CHUNKS; i++) {
                    freeChunks.add(new byte[chunkSize()]);
                }
                helper = Thread.ofPlatform().name("scrub-helper").daemon().start(this::helpAll);
            }
            boolean done = false;
            try {
                produce();
                if (helper == null) {
                    emit();
                } else {
                    block.chunk = buf;
                    sortKeys(block);
                    finish();
                }
                done = true;
            } finally {
                if (helper != null) {
                    if (!done) {
                        abort();
                    }
                    joinHelper(helper, done);
                }
            }
            flush();
            Map<ScrubReason, Long> byReason = new EnumMap<>(ScrubReason.class);
            for (ScrubReason reason : ScrubReason.values()) {
                if (counts[reason.code()] > 0) {
                    byReason.put(reason, counts[reason.code()]);
                }
            }
            return new ScrubReport(format, rowsRead, rowsKept, rowsRead - rowsKept, emptyLines, byReason,
                    rejections, notListed, bytesRead);
        }

        /** Reads the file to its end, handing blocks of parsed records to {@link #emit}. */
        private void produce() throws IOException {
            while (true) {
                if (pos >= limit) {
                    if (eof) {
                        break;
                    }
                    refill();
                    continue;
                }
                int status = scan(pos);
                if (status == INCOMPLETE) {
                    if (limit - pos > options.maxRecordBytes()) {
                        skipLongRecord();
                    } else {
                        refill();
                    }
                    continue;
                }
                if (status == UNTERMINATED) {
                    add(-1, -1, scanFrom, scanTo, ScrubReason.UNTERMINATED_QUOTE.code());
                    line += scanNewlines;
                    pos = limit;
                    continue;
                }
                int end = scanEnd;
                if (isEmptyLine(pos, end)) {
                    emptyLines++;
                    line++;
                    pos = end;
                    continue;
                }
                if (end - pos > options.maxRecordBytes()) {
                    add(-1, -1, -1, -1, ScrubReason.RECORD_TOO_LONG.code());
                    headerPending = false;
                } else if (headerPending) {
                    add(pos, end, -1, -1, HEADER);
                    headerPending = false;
                } else {
                    add(pos, end, scanFrom, scanTo, 0);
                }
                line += scanNewlines;
                pos = end;
            }
        }

        /**
         * Adds a record to the block, with its number parsed; {@code preset} is 0 to parse the number,
         * {@link #HEADER}, or the code of a reason found while reading the record.
         */
        private void add(int start, int end, int from, int to, int preset) throws IOException {
            Block b = block;
            int k = b.n;
            b.recStart[k] = start;
            b.recEnd[k] = end;
            b.fieldFrom[k] = from;
            b.fieldTo[k] = to;
            b.lines[k] = line;
            // Parsed as the record is found, while its bytes are in the nearest cache.
            int nsn;
            int reason;
            if (preset != 0) {
                nsn = MISSING;
                reason = preset;
            } else {
                if (from < 0) {
                    nsn = MISSING;
                } else if (singleByte != null) {
                    nsn = singleByte.parse(buf, from, to);
                } else {
                    nsn = FastNsn.parse(buf, from, to);
                }
                if (nsn >= 0) {
                    reason = FastNsn.callable(nsn) ? 0 : NOT_CALLABLE;
                } else {
                    reason = nsn == NumberParser.SHORT_NUMBER ? NOT_CALLABLE : NUMBER_INVALID;
                }
            }
            b.nsns[k] = nsn;
            b.reasons[k] = reason;
            if (++b.n == BLOCK) {
                emit();
            }
        }

        /**
         * Parses and screens the block's numbers, then deduplicates and writes it here or hands it to the consumer
         * thread. The screen's lookups run on this side of a pipeline because they balance the two threads.
         */
        private void emit() throws IOException {
            Block b = block;
            b.chunk = buf;
            sortKeys(b);
            if (lock == null) {
                screen(b);
                consume(b);
                b.n = 0;
                return;
            }
            lock.lock();
            try {
                pending.addLast(b);
                changed.signalAll();
                // While the other thread is behind, this one screens or writes too, so that neither waits for
                // the other whichever of them the other tenants of the machine slow down.
                while (pending.size() >= HELP_BACKLOG && runTask()) {
                    // runTask did one
                }
                while (freeBlocks.isEmpty()) {
                    if (!runTask()) {
                        await();
                    }
                }
                block = freeBlocks.poll();
            } finally {
                lock.unlock();
            }
            block.n = 0;
            block.releases = null;
            block.last = false;
            block.screened = false;
        }

        /** Hands the last block over, then screens and writes with the helper until every block is written. */
        private void finish() throws IOException {
            block.last = true;
            lock.lock();
            try {
                pending.addLast(block);
                finished = true;
                changed.signalAll();
                while (!pending.isEmpty() || writing || screening) {
                    if (!runTask()) {
                        await();
                    }
                }
            } finally {
                lock.unlock();
            }
        }

        /** The reader failed: the helper stops at its next turn, and nobody writes another block. */
        private void abort() {
            lock.lock();
            try {
                aborted = true;
                finished = true;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        /**
         * With the lock held: screens the first block not screened (screens are called one at a time, in file
         * order, since a screen may keep state across blocks) or writes the first block handed over (one at a
         * time, in file order, after it is screened), unlocking while it works. False if neither can be done now.
         * Throws what the other thread failed with, and what the task throws.
         */
        private boolean runTask() throws IOException {
            if (helperFailure != null) {
                throw helperFailed();
            }
            if (aborted) {
                throw new IllegalStateException("the pipeline has stopped");
            }
            Block head = pending.peekFirst();
            if (head != null && head.screened && !writing) {
                pending.pollFirst();
                writing = true;
                lock.unlock();
                boolean ok = false;
                try {
                    consume(head);
                    ok = true;
                } finally {
                    lock.lock();
                    writing = false;
                    if (ok) {
                        recycle(head);
                    } else {
                        aborted = true; // a block is lost: nothing after it may be written
                    }
                    changed.signalAll();
                }
                return true;
            }
            if (!screening) {
                for (Block b : pending) {
                    if (!b.screened) {
                        screening = true;
                        lock.unlock();
                        boolean ok = false;
                        try {
                            screen(b);
                            ok = true;
                        } finally {
                            lock.lock();
                            screening = false;
                            if (ok) {
                                b.screened = true;
                            } else {
                                aborted = true;
                            }
                            changed.signalAll();
                        }
                        return true;
                    }
                }
            }
            return false;
        }

        private void recycle(Block b) {
            if (b.releases != null) {
                freeChunks.add(b.releases);
            }
            if (!b.last) {
                freeBlocks.add(b);
            }
        }

        private void await() throws IOException {
            try {
                changed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while cleaning a file");
            }
        }

        /** The second thread of a pipelined scrub: screens and writes blocks in file order until the last. */
        private void helpAll() {
            lock.lock();
            try {
                while (!aborted && helperFailure == null) {
                    if (!runTask()) {
                        if (finished && pending.isEmpty()) {
                            return;
                        }
                        changed.await();
                    }
                }
            } catch (Throwable t) {
                helperFailure = t;
                aborted = true;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        private IOException helperFailed() {
            Throwable failure = helperFailure;
            if (failure instanceof IOException io) {
                return new IOException(io.getMessage(), io);
            }
            if (failure instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (failure instanceof Error error) {
                throw error;
            }
            return new IOException(failure);
        }

        /** Waits for the helper; after a normal end, throws what it failed with, if anything. */
        private void joinHelper(Thread helper, boolean done) throws IOException {
            try {
                helper.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while cleaning a file");
            }
            if (done && helperFailure != null) {
                throw helperFailed();
            }
        }

        /** Sorts the block's valid callable numbers, to be screened and deduplicated in that order. */
        private void sortKeys(Block b) {
            int n = b.n;
            int[] nsns = b.nsns;
            int[] reasons = b.reasons;
            long[] keys = b.keys;
            int m = 0;
            for (int k = 0; k < n; k++) {
                if (reasons[k] == 0) {
                    keys[m++] = (long) nsns[k] << INDEX_BITS | k;
                }
            }
            long[] sorted = RadixSort.sortNsnKeys(keys, b.spare, m, INDEX_BITS, radixCounts);
            int[] sortedNsns = b.sortedNsns;
            int[] sortedReasons = b.sortedReasons;
            for (int j = 0; j < m; j++) {
                sortedNsns[j] = (int) (sorted[j] >>> INDEX_BITS);
                sortedReasons[j] = 0;
            }
            b.sorted = sorted;
            b.m = m;
        }

        private void screen(Block b) {
            screen.screen(b.sortedNsns, b.sortedReasons, b.m);
        }

        /** Finds the record at {@code start}: its end and the bounds of its phone field, without allocating. */
        private int scan(int start) {
            final byte[] b = buf;
            final int lim = limit;
            final byte s = sepByte;
            final int col = column;
            final long sepWord = sepWord(s);
            int i = start;
            int field = 0;
            int fieldStart = start;
            int from = -1;
            int to = -1;
            int newlines = 0;
            while (true) {
                if (i >= lim) {
                    if (!eof) {
                        return INCOMPLETE;
                    }
                    if (field == col && from < 0) {
                        from = fieldStart;
                        to = i > fieldStart && b[i - 1] == '\r' ? i - 1 : i;
                    }
                    break;
                }
                byte c = b[i];
                if (c == '\n') {
                    if (field == col && from < 0) {
                        from = fieldStart;
                        to = i > fieldStart && b[i - 1] == '\r' ? i - 1 : i;
                    }
                    newlines++;
                    i++;
                    break;
                }
                if (c == s) {
                    if (field == col && from < 0) {
                        from = fieldStart;
                        to = i;
                    }
                    field++;
                    fieldStart = ++i;
                    continue;
                }
                if (c == '"' && i == fieldStart) {
                    int j = i + 1;
                    while (true) {
                        if (j >= lim) {
                            if (!eof) {
                                return INCOMPLETE;
                            }
                            scanFrom = field == col ? i + 1 : from;
                            scanTo = field == col ? lim : to;
                            scanNewlines = newlines;
                            return UNTERMINATED;
                        }
                        byte q = b[j];
                        if (q == '"') {
                            if (j + 1 >= lim && !eof) {
                                return INCOMPLETE; // a doubled quote may follow in the next read
                            }
                            if (j + 1 < lim && b[j + 1] == '"') {
                                j += 2;
                                continue;
                            }
                            break;
                        }
                        if (q == '\n') {
                            newlines++;
                        }
                        j++;
                    }
                    if (field == col) {
                        from = i + 1;
                        to = j;
                    }
                    // Anything between the closing quote and the separator stays in the record as written.
                    i = j + 1;
                    continue;
                }
                i = nextSpecial(b, i + 1, lim, sepWord);
            }
            scanEnd = i;
            scanFrom = from;
            scanTo = to;
            scanNewlines = newlines;
            return COMPLETE;
        }

        private boolean isEmptyLine(int start, int end) {
            int length = end - start;
            return length == 1 && (buf[start] == '\n' || buf[start] == '\r')
                    || length == 2 && buf[start] == '\r' && buf[start + 1] == '\n';
        }

        /** Deduplicates and copies out the records of a parsed and screened block, in file order. */
        private void consume(Block b) throws IOException {
            int count = b.n;
            if (count == 0) {
                return;
            }
            int[] reasons = b.reasons;
            // In sorted order, equal numbers are adjacent and in file order, so the first one kept is the one
            // the file has first, as if the rows were added one by one.
            int m = b.m;
            int[] sortedReasons = b.sortedReasons;
            seen.addAll(b.sortedNsns, sortedReasons, m, DUPLICATE);
            long[] sorted = b.sorted;
            for (int j = 0; j < m; j++) {
                reasons[(int) (sorted[j] & INDEX_MASK)] = sortedReasons[j];
            }
            byte[] bytes = b.chunk;
            int runStart = -1;
            int runEnd = -1;
            for (int k = 0; k < count; k++) {
                int reason = reasons[k];
                if (reason <= 0) {
                    if (reason == 0) {
                        rowsKept++;
                        rowsRead++;
                    }
                    if (b.recStart[k] != runEnd) {
                        if (runStart >= 0) {
                            write(bytes, runStart, runEnd);
                        }
                        runStart = b.recStart[k];
                    }
                    runEnd = b.recEnd[k];
                } else {
                    rowsRead++;
                    reject(bytes, b.lines[k], reason, b.fieldFrom[k], b.fieldTo[k]);
                }
            }
            if (runStart >= 0) {
                write(bytes, runStart, runEnd);
            }
        }

        private void reject(byte[] bytes, long lineNumber, int reason, int from, int to) {
            if (reason < 1 || reason >= counts.length) {
                throw new IllegalStateException("the number screen returned an unknown reason code: " + reason);
            }
            counts[reason]++;
            if (rejections.size() < options.maxRejectionsKept()) {
                String text = from < 0 ? "" : new String(bytes, from, Math.min(to - from, REJECTED_TEXT_BYTES), charset);
                rejections.add(new Rejection(lineNumber, ScrubReason.ofCode(reason), text));
            } else {
                notListed++;
            }
        }

        private void write(byte[] bytes, int from, int to) throws IOException {
            int length = to - from;
            if (outLen + length > outBuf.length) {
                flush();
                if (length > outBuf.length) {
                    out.write(bytes, from, length);
                    return;
                }
            }
            System.arraycopy(bytes, from, outBuf, outLen, length);
            outLen += length;
        }

        private void flush() throws IOException {
            if (outLen > 0) {
                out.write(outBuf, 0, outLen);
                outLen = 0;
            }
        }

        /** A free chunk, screening and writing blocks while none is. */
        private byte[] takeChunk() throws IOException {
            lock.lock();
            try {
                while (freeChunks.isEmpty()) {
                    if (!runTask()) {
                        await();
                    }
                }
                return freeChunks.poll();
            } finally {
                lock.unlock();
            }
        }

        /** Moves the unread bytes to the front and reads until the buffer is full or the input ends. */
        private void refill() throws IOException {
            if (lock != null) {
                // Blocks in flight still read this chunk: carry the partial record over to a free one, and
                // hand the chunk back with the last block that reads it.
                byte[] next = takeChunk();
                System.arraycopy(buf, pos, next, 0, limit - pos);
                block.releases = buf;
                emit();
                buf = next;
                limit -= pos;
                pos = 0;
            } else if (pos > 0) {
                emit();
                System.arraycopy(buf, pos, buf, 0, limit - pos);
                limit -= pos;
                pos = 0;
            }
            while (limit < buf.length && !eof) {
                int read = in.read(buf, limit, buf.length - limit);
                if (read < 0) {
                    eof = true;
                } else {
                    limit += read;
                    bytesRead += read;
                }
            }
            options.progress().accept(bytesRead);
        }

        /**
         * Skips a record longer than the bound as it streams by, following quotes so that it ends where a CSV
         * reader would end it, and counting its lines so that the next record's line number stays right.
         */
        private void skipLongRecord() throws IOException {
            long startLine = line;
            int newlines = 0;
            final int fieldStart = 0;
            final int unquoted = 1;
            final int quoted = 2;
            final int quoteSeen = 3;
            int state = fieldStart;
            int i = pos;
            scanning:
            while (true) {
                if (i >= limit) {
                    if (eof) {
                        break;
                    }
                    pos = limit;
                    refill();
                    i = pos;
                    continue;
                }
                byte c = buf[i++];
                if (c == '\n') {
                    newlines++;
                    if (state != quoted) {
                        break scanning;
                    }
                    continue;
                }
                if (state == quoted) {
                    if (c == '"') {
                        state = quoteSeen;
                    }
                } else if (state == quoteSeen && c == '"') {
                    state = quoted;
                } else if (c == sepByte) {
                    state = fieldStart;
                } else if (state == fieldStart && c == '"') {
                    state = quoted;
                } else {
                    state = unquoted;
                }
            }
            pos = i;
            long after = startLine + newlines;
            line = startLine;
            add(-1, -1, -1, -1, ScrubReason.RECORD_TOO_LONG.code());
            line = after;
        }

        private DetectedFormat detect() throws IOException {
            int start = 0;
            boolean bom = false;
            if (limit >= 2 && ((buf[0] & 0xFF) == 0xFF && (buf[1] & 0xFF) == 0xFE
                    || (buf[0] & 0xFF) == 0xFE && (buf[1] & 0xFF) == 0xFF)) {
                throw new ScrubException("the file is in UTF-16; save it as CSV in UTF-8 or as CSV (separator)", 0);
            }
            if (limit >= 3 && (buf[0] & 0xFF) == 0xEF && (buf[1] & 0xFF) == 0xBB && (buf[2] & 0xFF) == 0xBF) {
                bom = true;
                start = 3;
                write(buf, 0, 3); // the cleaned file opens in Excel as the original did
            }
            long nulLine = 1;
            for (int i = start; i < limit; i++) {
                if (buf[i] == '\n') {
                    nulLine++;
                } else if (buf[i] == 0) {
                    throw new ScrubException("a NUL byte: this is a binary file, not a CSV text file", nulLine);
                }
            }
            charset = options.charset() != null ? options.charset()
                    : bom || FormatDetector.isUtf8(buf, start, limit, eof) ? StandardCharsets.UTF_8
                    : FormatDetector.WINDOWS_1252;
            singleByte = charset.equals(StandardCharsets.UTF_8) ? null : new SingleByteView(charset);
            int first = start;
            while (first < limit && (buf[first] == '\n' || buf[first] == '\r')) {
                first++;
            }
            sep = options.separator() != 0 ? options.separator() : FormatDetector.separator(buf, first, limit);
            sepByte = (byte) sep;
            pos = start;
            List<FormatDetector.Fields> sample = FormatDetector.sample(buf, first, limit, eof, sep);
            HeaderMode mode = options.header();
            if (sample.isEmpty() || sample.get(0).end() <= first) {
                // No record, or a first record too long to sample: nothing to detect from.
                boolean records = first < limit;
                column = switch (options.column()) {
                    case ColumnSpec.Index index -> index.index();
                    case ColumnSpec.Name name -> throw new ScrubException(
                            "no header to find the column \"" + name.name() + "\" in", 1);
                    case ColumnSpec.Auto auto -> records ? 0 : -1;
                };
                headerPending = records && mode == HeaderMode.PRESENT;
                return new DetectedFormat(sep, charset, bom, headerPending, column, null);
            }
            FormatDetector.Fields firstRecord = sample.get(0);
            List<String> names = new ArrayList<>();
            for (int[] bound : firstRecord.bounds()) {
                names.add(FormatDetector.decode(buf, bound, charset).strip());
            }
            boolean header;
            switch (options.column()) {
                case ColumnSpec.Name name -> {
                    if (mode == HeaderMode.ABSENT) {
                        throw new ScrubException("a column given by name needs a header line", 0);
                    }
                    String wanted = FormatDetector.normalize(name.name());
                    column = -1;
                    for (int f = 0; f < names.size() && column < 0; f++) {
                        if (FormatDetector.normalize(names.get(f)).equals(wanted)) {
                            column = f;
                        }
                    }
                    if (column < 0) {
                        throw new ScrubException("no column named \"" + name.name() + "\" in the header " + names, 1);
                    }
                    header = true;
                }
                case ColumnSpec.Index index -> {
                    column = index.index();
                    header = switch (mode) {
                        case PRESENT -> true;
                        case ABSENT -> false;
                        case AUTO -> column < names.size() && (FormatDetector.phoneColumnByName(names) == column
                                || FormatDetector.looksLikeHeader(buf, firstRecord.bounds().get(column)));
                    };
                }
                case ColumnSpec.Auto auto -> {
                    int byName = mode == HeaderMode.ABSENT ? -1 : FormatDetector.phoneColumnByName(names);
                    if (byName >= 0) {
                        column = byName;
                        header = true;
                    } else {
                        column = FormatDetector.phoneColumnByValues(buf, sample);
                        if (column < 0) {
                            if (names.size() > 1) {
                                throw new ScrubException("no column of phone numbers found in the first "
                                        + sample.size() + " records; give the column by its name or position", 0);
                            }
                            column = 0;
                        }
                        header = switch (mode) {
                            case PRESENT -> true;
                            case ABSENT -> false;
                            case AUTO -> column < names.size()
                                    && FormatDetector.looksLikeHeader(buf, firstRecord.bounds().get(column));
                        };
                    }
                }
            }
            headerPending = header;
            String columnName = header && column < names.size() ? names.get(column) : null;
            return new DetectedFormat(sep, charset, bom, header, column, columnName);
        }
    }

    /**
     * A single-byte encoding's bytes seen as chars, so that Windows-1252's NBSP ({@code A0}) and dashes
     * ({@code 96}, {@code 97}) reach the parser as the characters they are, without copying.
     */
    private static final class SingleByteView implements CharSequence {

        private final char[] table = new char[256];
        private byte[] bytes;
        private int from;
        private int length;

        SingleByteView(Charset charset) {
            byte[] all = new byte[256];
            for (int i = 0; i < 256; i++) {
                all[i] = (byte) i;
            }
            String decoded = new String(all, charset);
            if (decoded.length() != 256) {
                throw new IllegalArgumentException("not a single-byte charset: " + charset);
            }
            decoded.getChars(0, 256, table, 0);
        }

        int parse(byte[] buf, int start, int end) {
            for (int i = start; i < end; i++) {
                if (buf[i] < 0) {
                    bytes = buf;
                    from = start;
                    length = end - start;
                    return NumberParser.parseNsn(this);
                }
            }
            return NumberParser.parseNsn(buf, start, end);
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public char charAt(int index) {
            return table[bytes[from + index] & 0xFF];
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                text.append(charAt(i));
            }
            return text.toString();
        }
    }
}
