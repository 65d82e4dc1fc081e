package fr.consenti.core.rules;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** The engine's answer for one call: allowed on a basis, or denied with every reason. */
public sealed interface Decision {

    /** The rule set the call was judged by. */
    RuleSet ruleSet();

    /** The call may be made now, on {@code basis}. */
    record Allow(Basis basis, RuleSet ruleSet) implements Decision {
        public Allow {
            Objects.requireNonNull(basis, "basis");
            Objects.requireNonNull(ruleSet, "ruleSet");
        }
    }

    /**
     * The call may not be made. {@code reasons} lists every rule that forbids it, in RULES.md §12 order.
     * {@code nextAllowed} is the first instant the same call would be allowed on the same facts, present only
     * when time-based rules alone (days, hours, cap, cooldown) block it; null otherwise.
     */
    record Deny(List<Reason> reasons, Instant nextAllowed, RuleSet ruleSet) implements Decision {
        public Deny {
            reasons = List.copyOf(reasons);
            if (reasons.isEmpty()) {
                throw new IllegalArgumentException("a denial needs a reason");
            }
            Objects.requireNonNull(ruleSet, "ruleSet");
        }

        public boolean has(ReasonCode code) {
            for (Reason r : reasons) {
                if (r.code() == code) {
                    return true;
                }
            }
            return false;
        }

        public List<ReasonCode> codes() {
            return reasons.stream().map(Reason::code).toList();
        }
    }
}
