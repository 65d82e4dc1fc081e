package fr.consenti.core.index;

import fr.consenti.core.rules.AgreedSlot;
import fr.consenti.core.rules.Consent;
import fr.consenti.core.rules.Facts;
import fr.consenti.core.rules.OppositionRegistration;
import fr.consenti.core.rules.Policies;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The screening facts one node holds in memory, read lock-free by many threads, written by one change-feed follower.
 *
 * <p><b>Threads.</b> {@link #apply} and {@link #confirmCurrent} are for one writer thread at a time (the feed
 * follower); every other method may be called from any thread, without locks. Each event replaces whole immutable
 * values (copy-on-write per key) before {@link #lastSequence()} is published with it, so a reader that has seen
 * sequence {@code s} sees every event up to {@code s} and never half of one.
 *
 * <p><b>Permanence.</b> A withdrawal or an objection is never undone by a later event: the index keeps the earliest
 * withdrawal instant of a consent whatever arrives after it (a replayed or late {@code ConsentGiven} included, and a
 * withdrawal that arrives before its consent is kept for it), and the latest objection. Taking the latest objection
 * is right for the present, which is what the index serves: a consent can lift an objection only if collected after
 * it. When {@code registry.withdrawsConsents} is on, the consents a registration withdrew stay withdrawn when that
 * registration is removed or replaced by one registered at another instant.
 *
 * <p><b>Writes.</b> Changes to the opposition list gather in an overlay that the writer folds into a new base table
 * every 65,536 changes (a merge pass over the list, on the writer thread; readers go on with the previous tables
 * meanwhile). Withdrawing the consents of a removed registration walks the key table: rare events, milliseconds.
 *
 * <p><b>The present.</b> The index keeps the last {@code frequencyCap + 1} attempts per key: enough for any call at
 * or after the attempts it holds, not for audits of the distant past, which read the ledger.
 *
 * <p><b>Staleness.</b> {@link Facts#screeningValidUntil()} is the instant the index was last known current plus the
 * stale bound, so the engine answers {@code SCREENING_DATA_STALE} for a call at or past it, as {@link #isStale} does.
 */
public final class ScreeningIndex {

    private static final Object REMOVED = new Object();
    private static final int DEFAULT_OVERLAY_LIMIT = 1 << 16;

    private record Opposition(OppositionTable base, LongMap<Object> overlay) {
    }

    private record Progress(long sequence, Instant appliedAt, Instant validUntil) {
    }

    private final Policies policies;
    private final Duration staleBound;
    private final int attemptsKept;
    private final int overlayLimit;
    private final LongMap<KeyFacts> keys;
    private volatile Opposition opposition;
    private volatile Progress progress;

    // Writer-only memory of withdrawals whose consents may arrive later; plain maps, readers never see them.
    private final Map<Integer, long[]> retiredRegistrations = new HashMap<>();
    private final Map<Long, long[]> withdrawAll = new HashMap<>();
    private final Map<PendingKey, Long> pendingWithdrawals = new HashMap<>();

    private record PendingKey(long key, long collectedAt) {
    }

    /**
     * Writer-only: the (number, professional) pairs holding consents, {@code nsn << 32 | professional}, so that
     * retiring a registration visits its few keys instead of walking millions (registrations expire in bulk). Sorted
     * as of the build or the last fold, plus the pairs seen since.
     */
    private long[] holders = KeyFacts.NO_ATTEMPTS;
    private final Map<Integer, int[]> recentHolders = new HashMap<>();
    private int recentHolderCount;
    private boolean building = true;

    private ScreeningIndex(Policies policies, Duration staleBound, int expectedKeys, int overlayLimit) {
        this.policies = Objects.requireNonNull(policies, "policies");
        this.staleBound = Objects.requireNonNull(staleBound, "staleBound");
        if (staleBound.isNegative() || staleBound.isZero()) {
            throw new IllegalArgumentException("stale bound must be positive: " + staleBound);
        }
        this.attemptsKept = policies.frequencyCap() + 1;
        this.overlayLimit = overlayLimit;
        this.keys = new LongMap<>(expectedKeys);
        this.opposition = new Opposition(OppositionTable.EMPTY, new LongMap<>(16));
        this.progress = new Progress(0, null, null);
    }

    /** A builder for the bulk load at start; facts are stale past {@code staleBound} without news from the feed. */
    public static Builder builder(Policies policies, Duration staleBound) {
        return builder(policies, staleBound, 1 << 10);
    }

    /** The same, sized for about {@code expectedKeys} (professional, number) pairs to spare rehashing millions. */
    public static Builder builder(Policies policies, Duration staleBound, int expectedKeys) {
        return new Builder(policies, staleBound, expectedKeys, DEFAULT_OVERLAY_LIMIT);
    }

    /** {@code overlayLimit}: changes the writer gathers before folding them into its sorted tables. */
    static Builder builder(Policies policies, Duration staleBound, int expectedKeys, int overlayLimit) {
        return new Builder(policies, staleBound, expectedKeys, overlayLimit);
    }

    static long key(int professional, int nsn) {
        return (long) professional << 32 | nsn;
    }

    // ---------------------------------------------------------------- reads, any thread

    /**
     * The facts for a call by {@code professional} (or a call centre on its behalf: everything counts for the
     * professional, and the engine checks the consent's third parties against the request's call centre) to
     * {@code nsn}. An immutable snapshot of one read; allocates one small object, more only for a listed number.
     */
    public Facts factsFor(int professional, int nsn) {
        KeyFacts k = keys.get(key(professional, nsn));
        OppositionRegistration reg = registration(nsn);
        return new IndexedFacts(k == null ? KeyFacts.NONE : k, reg, progress.validUntil());
    }

    /** The number's opposition list entry, or null. */
    public OppositionRegistration registration(int nsn) {
        Opposition o = opposition;
        Object v = o.overlay().get(nsn);
        if (v != null) {
            return v == REMOVED ? null : (OppositionRegistration) v;
        }
        return o.base().get(nsn);
    }

    /** The sequence of the last event applied (or of the bulk load), 0 before any. */
    public long lastSequence() {
        return progress.sequence();
    }

    /** When the index was last known current: the last event applied or confirmation from the follower; null before. */
    public Instant lastAppliedAt() {
        return progress.appliedAt();
    }

    /** Whether the data is older than {@code bound} at {@code now}: then checks must answer SCREENING_DATA_STALE. */
    public boolean isStale(Instant now, Duration bound) {
        Instant at = progress.appliedAt();
        return at == null || !now.isBefore(at.plus(bound));
    }

    /** How far behind {@code now} the index was last known current; null when it never was. */
    public Duration lag(Instant now) {
        Instant at = progress.appliedAt();
        return at == null ? null : Duration.between(at, now);
    }

    /** Numbers on the opposition list: exact from the writer thread, for metrics from others (walks recent changes). */
    public int listedNumbers() {
        Opposition o = opposition;
        int[] n = {o.base().size()};
        o.overlay().forEach((nsn, v) -> {
            boolean inBase = o.base().find((int) nsn) >= 0;
            if (v == REMOVED && inBase) {
                n[0]--;
            } else if (v != REMOVED && !inBase) {
                n[0]++;
            }
        });
        return n[0];
    }

    /** (professional, number) pairs with facts. */
    public int keyCount() {
        return keys.size();
    }

    // ---------------------------------------------------------------- writes, one thread

    /**
     * Applies {@code event}, received from the feed at {@code appliedAt}; returns false for a replay (a sequence at
     * or below {@link #lastSequence()}), which changes nothing.
     */
    public boolean apply(ChangeEvent event, Instant appliedAt) {
        Objects.requireNonNull(appliedAt, "appliedAt");
        Progress p = progress;
        if (event.sequence() <= p.sequence()) {
            return false;
        }
        switch (event) {
            case ChangeEvent.OppositionRegistered e -> registered(e.nsn(), e.registration());
            case ChangeEvent.OppositionRemoved e -> removed(e.nsn());
            case ChangeEvent.ObjectionRecorded e -> objection(e.professional(), e.nsn(), e.at());
            case ChangeEvent.ConsentGiven e -> consentGiven(e.nsn(), e.consent());
            case ChangeEvent.ConsentWithdrawn e ->
                    consentWithdrawn(e.professional(), e.nsn(), e.collectedAt().toEpochMilli(), e.at());
            case ChangeEvent.ConsentsWithdrawn e -> consentsWithdrawn(e.professional(), e.nsn(), e.at());
            case ChangeEvent.AttemptRecorded e -> attempt(e.professional(), e.nsn(), e.at().toEpochMilli());
            case ChangeEvent.RefusalRecorded e -> refusal(e.professional(), e.nsn(), e.at());
            case ChangeEvent.SlotAgreed e -> slot(e.professional(), e.nsn(), e.slot());
        }
        Instant at = later(p.appliedAt(), appliedAt);
        // Published last: a reader that sees this sequence sees the event's values.
        progress = new Progress(event.sequence(), at, at.plus(staleBound));
        return true;
    }

    /** The follower found nothing newer than {@link #lastSequence()} at {@code at}: the index is current then. */
    public void confirmCurrent(Instant at) {
        Progress p = progress;
        Instant t = later(p.appliedAt(), Objects.requireNonNull(at, "at"));
        progress = new Progress(p.sequence(), t, t.plus(staleBound));
    }

    private static Instant later(Instant a, Instant b) {
        return a == null || b.isAfter(a) ? b : a;
    }

    private KeyFacts get(long key) {
        KeyFacts k = keys.get(key);
        return k == null ? KeyFacts.NONE : k;
    }

    private void registered(int nsn, OppositionRegistration r) {
        OppositionRegistration old = registration(nsn);
        if (old != null && !old.registeredAt().equals(r.registeredAt())) {
            retire(nsn, old.registeredAt().toEpochMilli(), true);
        }
        putOpposition(nsn, r);
    }

    private void removed(int nsn) {
        OppositionRegistration old = registration(nsn);
        if (old == null) {
            return;
        }
        retire(nsn, old.registeredAt().toEpochMilli(), true);
        putOpposition(nsn, REMOVED);
    }

    private void putOpposition(int nsn, Object value) {
        Opposition o = opposition;
        o.overlay().put(nsn, value);
        if (o.overlay().size() > overlayLimit) {
            compact(o);
        }
    }

    /** Folds the overlay into a new base: bounds the overlay's memory (about 120 bytes an entry against 16). */
    private void compact(Opposition o) {
        int n = o.overlay().size();
        int[] nsns = new int[n];
        Object[] values = new Object[n];
        int[] i = {0};
        o.overlay().forEach((nsn, v) -> {
            nsns[i[0]] = (int) nsn;
            values[i[0]++] = v;
        });
        opposition = new Opposition(o.base().merge(nsns, values, n, REMOVED), new LongMap<>(16));
    }

    /**
     * The registration at {@code registeredAt} no longer speaks for the number: turn the withdrawals it implied into
     * withdrawals of the consents themselves, and remember it for consents that arrive later.
     */
    private void retire(int nsn, long registeredAt, boolean scan) {
        if (!policies.registryWithdrawsConsents()) {
            return;
        }
        long[] past = retiredRegistrations.get(nsn);
        retiredRegistrations.put(nsn, insertSorted(past == null ? KeyFacts.NO_ATTEMPTS : past, registeredAt));
        if (scan) {
            Instant at = Instant.ofEpochMilli(registeredAt);
            int from = Arrays.binarySearch(holders, (long) nsn << 32);
            for (int i = from < 0 ? -from - 1 : from; i < holders.length && (int) (holders[i] >>> 32) == nsn; i++) {
                withdrawUpTo(key((int) holders[i], nsn), at);
            }
            int[] recent = recentHolders.get(nsn);
            if (recent != null) {
                for (int professional : recent) {
                    withdrawUpTo(key(professional, nsn), at);
                }
            }
        }
    }

    private void withdrawUpTo(long key, Instant at) {
        KeyFacts k = keys.get(key);
        if (k != null) {
            withdrawUpTo(key, k, at);
        }
    }

    /** Remembers that {@code (professional, nsn)} holds consents from now on. */
    private void holds(int professional, int nsn) {
        if (building) {
            return;
        }
        long h = (long) nsn << 32 | professional;
        if (Arrays.binarySearch(holders, h) >= 0) {
            return;
        }
        int[] recent = recentHolders.get(nsn);
        if (recent == null) {
            recentHolders.put(nsn, new int[] {professional});
        } else {
            for (int p : recent) {
                if (p == professional) {
                    return;
                }
            }
            int[] grown = Arrays.copyOf(recent, recent.length + 1);
            grown[recent.length] = professional;
            recentHolders.put(nsn, grown);
        }
        if (++recentHolderCount > overlayLimit) {
            foldHolders();
        }
    }

    private void foldHolders() {
        long[] all = Arrays.copyOf(holders, holders.length + recentHolderCount);
        int[] n = {holders.length};
        recentHolders.forEach((nsn, pros) -> {
            for (int p : pros) {
                all[n[0]++] = (long) nsn << 32 | p;
            }
        });
        Arrays.sort(all, 0, n[0]);
        holders = n[0] == all.length ? all : Arrays.copyOf(all, n[0]);
        recentHolders.clear();
        recentHolderCount = 0;
    }

    /** Ends the bulk load: from now on the holders of consents are tracked event by event. */
    private void endBuild() {
        long[] all = new long[keys.size()];
        int[] n = {0};
        keys.forEach((key, k) -> {
            if (!k.consents().isEmpty()) {
                all[n[0]++] = (long) (int) key << 32 | (key >>> 32);
            }
        });
        holders = Arrays.copyOf(all, n[0]);
        Arrays.sort(holders);
        building = false;
    }

    private void objection(int professional, int nsn, Instant at) {
        long key = key(professional, nsn);
        KeyFacts k = get(key);
        if (k.objectedAt() == null || at.isAfter(k.objectedAt())) {
            keys.put(key, k.withObjectedAt(at));
        }
    }

    private void consentGiven(int nsn, Consent c) {
        long key = key(c.professional(), nsn);
        KeyFacts k = get(key);
        long collected = c.collectedAt().toEpochMilli();
        Instant w = c.withdrawnAt();
        List<Consent> consents = k.consents();
        int same = -1;
        for (int i = 0; i < consents.size(); i++) {
            if (consents.get(i).collectedAt().toEpochMilli() == collected) {
                same = i;
                w = earlier(w, consents.get(i).withdrawnAt());
            }
        }
        Long pending = pendingWithdrawals.remove(new PendingKey(key, collected));
        if (pending != null) {
            w = earlier(w, Instant.ofEpochMilli(pending));
        }
        w = earlier(w, firstAtOrAfter(withdrawAll.get(key), collected));
        w = earlier(w, firstAtOrAfter(retiredRegistrations.get(nsn), collected));
        Consent stored = Objects.equals(w, c.withdrawnAt()) ? c : c.withdrawnAt(w);
        Consent[] next;
        if (same >= 0) {
            next = consents.toArray(new Consent[0]);
            next[same] = stored;
        } else {
            next = consents.toArray(new Consent[consents.size() + 1]);
            next[consents.size()] = stored;
        }
        keys.put(key, k.withConsents(List.of(next)));
        if (consents.isEmpty()) {
            holds(c.professional(), nsn);
        }
    }

    private void consentWithdrawn(int professional, int nsn, long collected, Instant at) {
        long key = key(professional, nsn);
        KeyFacts k = get(key);
        List<Consent> consents = k.consents();
        for (int i = 0; i < consents.size(); i++) {
            Consent c = consents.get(i);
            if (c.collectedAt().toEpochMilli() == collected) {
                if (c.withdrawnAt() == null || at.isBefore(c.withdrawnAt())) {
                    Consent[] next = consents.toArray(new Consent[0]);
                    next[i] = c.withdrawnAt(at);
                    keys.put(key, k.withConsents(List.of(next)));
                }
                return;
            }
        }
        pendingWithdrawals.merge(new PendingKey(key, collected), at.toEpochMilli(), Math::min);
    }

    private void consentsWithdrawn(int professional, int nsn, Instant at) {
        long key = key(professional, nsn);
        long[] all = withdrawAll.get(key);
        withdrawAll.put(key, insertSorted(all == null ? KeyFacts.NO_ATTEMPTS : all, at.toEpochMilli()));
        KeyFacts k = keys.get(key);
        if (k != null) {
            withdrawUpTo(key, k, at);
        }
    }

    /** Withdraws at {@code at} every consent of the key collected up to {@code at} and not withdrawn earlier. */
    private void withdrawUpTo(long key, KeyFacts k, Instant at) {
        List<Consent> consents = k.consents();
        Consent[] next = null;
        for (int i = 0; i < consents.size(); i++) {
            Consent c = consents.get(i);
            if (!c.collectedAt().isAfter(at) && (c.withdrawnAt() == null || at.isBefore(c.withdrawnAt()))) {
                if (next == null) {
                    next = consents.toArray(new Consent[0]);
                }
                next[i] = c.withdrawnAt(at);
            }
        }
        if (next != null) {
            keys.put(key, k.withConsents(List.of(next)));
        }
    }

    private void attempt(int professional, int nsn, long at) {
        long key = key(professional, nsn);
        KeyFacts k = get(key);
        long[] a = k.attempts();
        if (a.length == attemptsKept && at <= a[0]) {
            return;
        }
        long[] grown = insertSorted(a, at);
        // Only the latest count: anything older cannot be among the cap's attempts of a call after them.
        keys.put(key, k.withAttempts(grown.length > attemptsKept
                ? Arrays.copyOfRange(grown, grown.length - attemptsKept, grown.length) : grown));
    }

    private void refusal(int professional, int nsn, Instant at) {
        long key = key(professional, nsn);
        KeyFacts k = get(key);
        if (k.lastRefusal() == null || at.isAfter(k.lastRefusal())) {
            keys.put(key, k.withLastRefusal(at));
        }
    }

    private void slot(int professional, int nsn, AgreedSlot slot) {
        long key = key(professional, nsn);
        KeyFacts k = get(key);
        if (!k.slots().contains(slot)) {
            List<AgreedSlot> next = new ArrayList<>(k.slots());
            next.add(slot);
            keys.put(key, k.withSlots(List.copyOf(next)));
        }
    }

    private static Instant earlier(Instant a, Instant b) {
        return a == null ? b : b == null ? a : b.isBefore(a) ? b : a;
    }

    private static Instant firstAtOrAfter(long[] sorted, long t) {
        if (sorted == null) {
            return null;
        }
        int i = Arrays.binarySearch(sorted, t);
        if (i < 0) {
            i = -i - 1;
        }
        return i < sorted.length ? Instant.ofEpochMilli(sorted[i]) : null;
    }

    /** A copy of {@code sorted} with {@code v} in place (kept once; duplicates are allowed for attempts). */
    private static long[] insertSorted(long[] sorted, long v) {
        int i = Arrays.binarySearch(sorted, v);
        if (i < 0) {
            i = -i - 1;
        }
        long[] out = new long[sorted.length + 1];
        System.arraycopy(sorted, 0, out, 0, i);
        out[i] = v;
        System.arraycopy(sorted, i, out, i + 1, sorted.length - i);
        return out;
    }

    /**
     * Loads the database's state in bulk: rows in any order, then {@link #build} once. Not thread-safe; the index it
     * builds is published by the caller.
     */
    public static final class Builder {

        private final ScreeningIndex index;
        private final Duration staleBound;
        private int[] nsns = new int[1024];
        private long[] registered = new long[1024];
        private long[] effective = new long[1024];
        private long[] termEnd = new long[1024];
        private int rows;
        private boolean retired;
        private boolean built;

        private Builder(Policies policies, Duration staleBound, int expectedKeys, int overlayLimit) {
            if (overlayLimit < 1) {
                throw new IllegalArgumentException("overlay limit must be positive: " + overlayLimit);
            }
            this.staleBound = staleBound;
            this.index = new ScreeningIndex(policies, staleBound, expectedKeys, overlayLimit);
        }

        /** A number on the opposition list; epoch milliseconds. A number given twice keeps its last row. */
        public Builder registration(int nsn, long registeredAt, long effectiveFrom, long termEnd) {
            checkOpen();
            Checks.nsn(nsn);
            if (effectiveFrom < registeredAt || termEnd <= effectiveFrom) {
                throw new IllegalArgumentException("registered <= effective < term end, got " + registeredAt + ", "
                        + effectiveFrom + ", " + termEnd + " for " + nsn);
            }
            if (rows == nsns.length) {
                int c = rows + (rows >> 1);
                nsns = Arrays.copyOf(nsns, c);
                registered = Arrays.copyOf(registered, c);
                effective = Arrays.copyOf(effective, c);
                this.termEnd = Arrays.copyOf(this.termEnd, c);
            }
            nsns[rows] = nsn;
            registered[rows] = registeredAt;
            effective[rows] = effectiveFrom;
            this.termEnd[rows] = termEnd;
            rows++;
            return this;
        }

        public Builder registration(int nsn, OppositionRegistration r) {
            return registration(nsn, r.registeredAt().toEpochMilli(), r.effectiveFrom().toEpochMilli(),
                    r.termEnd().toEpochMilli());
        }

        /** A registration of the number that was removed or replaced: the consents it withdrew stay withdrawn. */
        public Builder retiredRegistration(int nsn, Instant registeredAt) {
            checkOpen();
            Checks.nsn(nsn);
            index.retire(nsn, registeredAt.toEpochMilli(), false);
            retired = true;
            return this;
        }

        public Builder objection(int professional, int nsn, Instant at) {
            checkOpen();
            Checks.professional(professional);
            Checks.nsn(nsn);
            index.objection(professional, nsn, Objects.requireNonNull(at, "at"));
            return this;
        }

        public Builder consent(int nsn, Consent consent) {
            checkOpen();
            Checks.nsn(nsn);
            Checks.professional(consent.professional());
            index.consentGiven(nsn, consent);
            return this;
        }

        public Builder consentWithdrawn(int professional, int nsn, Instant collectedAt, Instant at) {
            checkOpen();
            Checks.professional(professional);
            Checks.nsn(nsn);
            index.consentWithdrawn(professional, nsn, collectedAt.toEpochMilli(), Objects.requireNonNull(at, "at"));
            return this;
        }

        public Builder consentsWithdrawn(int professional, int nsn, Instant at) {
            checkOpen();
            Checks.professional(professional);
            Checks.nsn(nsn);
            index.consentsWithdrawn(professional, nsn, Objects.requireNonNull(at, "at"));
            return this;
        }

        public Builder attempt(int professional, int nsn, Instant at) {
            checkOpen();
            Checks.professional(professional);
            Checks.nsn(nsn);
            index.attempt(professional, nsn, at.toEpochMilli());
            return this;
        }

        public Builder refusal(int professional, int nsn, Instant at) {
            checkOpen();
            Checks.professional(professional);
            Checks.nsn(nsn);
            index.refusal(professional, nsn, Objects.requireNonNull(at, "at"));
            return this;
        }

        public Builder slot(int professional, int nsn, AgreedSlot slot) {
            checkOpen();
            Checks.professional(professional);
            Checks.nsn(nsn);
            index.slot(professional, nsn, Objects.requireNonNull(slot, "slot"));
            return this;
        }

        /** The index, current as of feed {@code sequence} (0: empty feed) at {@code loadedAt}. Once only. */
        public ScreeningIndex build(long sequence, Instant loadedAt) {
            checkOpen();
            if (sequence < 0) {
                throw new IllegalArgumentException("sequence must be >= 0: " + sequence);
            }
            built = true;
            long[] order = new long[rows];
            for (int i = 0; i < rows; i++) {
                order[i] = (long) nsns[i] << 32 | i;
            }
            Arrays.parallelSort(order);
            OppositionTable.Encoder out = new OppositionTable.Encoder(rows);
            for (int j = 0; j < rows; j++) {
                int nsn = (int) (order[j] >>> 32);
                if (j + 1 < rows && (int) (order[j + 1] >>> 32) == nsn) {
                    continue;
                }
                int row = (int) order[j];
                out.add(nsn, registered[row], effective[row], termEnd[row], null);
            }
            nsns = null;
            registered = null;
            effective = null;
            termEnd = null;
            if (retired) {
                // Consents loaded before their number's retired registration: withdraw them as the feed would have.
                Map<Integer, long[]> past = index.retiredRegistrations;
                index.keys.forEach((key, k) -> {
                    long[] regs = past.get((int) key);
                    if (regs != null) {
                        for (long r : regs) {
                            index.withdrawUpTo(key, index.keys.get(key), Instant.ofEpochMilli(r));
                        }
                    }
                });
            }
            index.endBuild();
            index.opposition = new Opposition(out.build(), new LongMap<>(16));
            Objects.requireNonNull(loadedAt, "loadedAt");
            index.progress = new Progress(sequence, loadedAt, loadedAt.plus(staleBound));
            return index;
        }

        private void checkOpen() {
            if (built) {
                throw new IllegalStateException("this builder has built its index");
            }
        }
    }
}
