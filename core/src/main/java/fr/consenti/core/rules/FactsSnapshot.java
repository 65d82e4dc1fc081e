package fr.consenti.core.rules;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** {@link Facts} as plain immutable values, for tests, audits and callers without an index. */
public record FactsSnapshot(List<Consent> consents, Instant objectedAt, OppositionRegistration registration,
                            Instant screeningValidUntil, List<Instant> attempts, Instant lastRefusal,
                            List<AgreedSlot> agreedSlots) implements Facts {

    public FactsSnapshot {
        consents = List.copyOf(Objects.requireNonNull(consents, "consents"));
        attempts = List.copyOf(Objects.requireNonNull(attempts, "attempts"));
        agreedSlots = List.copyOf(Objects.requireNonNull(agreedSlots, "agreedSlots"));
    }

    /** Nothing known about the number, with screening data valid until {@code screeningValidUntil}. */
    public static FactsSnapshot empty(Instant screeningValidUntil) {
        return new FactsSnapshot(List.of(), null, null, screeningValidUntil, List.of(), null, List.of());
    }

    @Override
    public int attemptCount() {
        return attempts.size();
    }

    @Override
    public long attemptEpochMilli(int i) {
        return attempts.get(i).toEpochMilli();
    }

    public FactsSnapshot withConsents(List<Consent> c) {
        return new FactsSnapshot(c, objectedAt, registration, screeningValidUntil, attempts, lastRefusal, agreedSlots);
    }

    public FactsSnapshot withObjectedAt(Instant o) {
        return new FactsSnapshot(consents, o, registration, screeningValidUntil, attempts, lastRefusal, agreedSlots);
    }

    public FactsSnapshot withRegistration(OppositionRegistration r) {
        return new FactsSnapshot(consents, objectedAt, r, screeningValidUntil, attempts, lastRefusal, agreedSlots);
    }

    public FactsSnapshot withScreeningValidUntil(Instant s) {
        return new FactsSnapshot(consents, objectedAt, registration, s, attempts, lastRefusal, agreedSlots);
    }

    public FactsSnapshot withAttempts(List<Instant> a) {
        return new FactsSnapshot(consents, objectedAt, registration, screeningValidUntil, a, lastRefusal, agreedSlots);
    }

    public FactsSnapshot withLastRefusal(Instant r) {
        return new FactsSnapshot(consents, objectedAt, registration, screeningValidUntil, attempts, r, agreedSlots);
    }

    public FactsSnapshot withAgreedSlots(List<AgreedSlot> s) {
        return new FactsSnapshot(consents, objectedAt, registration, screeningValidUntil, attempts, lastRefusal, s);
    }
}
