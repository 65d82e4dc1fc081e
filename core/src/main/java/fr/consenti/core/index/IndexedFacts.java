package fr.consenti.core.index;

import fr.consenti.core.rules.AgreedSlot;
import fr.consenti.core.rules.Consent;
import fr.consenti.core.rules.Facts;
import fr.consenti.core.rules.OppositionRegistration;
import java.time.Instant;
import java.util.List;

/** The facts of one key as one read saw them: immutable, so it may cross threads. */
record IndexedFacts(KeyFacts key, OppositionRegistration registration, Instant screeningValidUntil)
        implements Facts {

    @Override
    public List<Consent> consents() {
        return key.consents();
    }

    @Override
    public Instant objectedAt() {
        return key.objectedAt();
    }

    @Override
    public int attemptCount() {
        return key.attempts().length;
    }

    @Override
    public long attemptEpochMilli(int i) {
        return key.attempts()[i];
    }

    @Override
    public Instant lastRefusal() {
        return key.lastRefusal();
    }

    @Override
    public List<AgreedSlot> agreedSlots() {
        return key.slots();
    }
}
