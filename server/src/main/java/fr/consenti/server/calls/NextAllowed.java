package fr.consenti.server.calls;

import fr.consenti.core.number.FrenchNumber;
import fr.consenti.core.rules.CallRequest;
import fr.consenti.core.rules.Decision;
import fr.consenti.server.screening.ScreeningService;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Service;

/** {@code GET /api/v1/numbers/{number}/next-allowed}: when, if ever, the call becomes allowed on today's facts. */
@Service
final class NextAllowed {

    private final ScreeningService screening;
    private final Clock clock;

    NextAllowed(ScreeningService screening, Clock clock) {
        this.screening = screening;
        this.clock = clock;
    }

    record Reason(String code, String legalRef, String message) {
    }

    record Answer(String e164, boolean allowedNow, Instant nextAllowedAt, String basis, List<Reason> reasons,
                  String ruleSetVersion) {
    }

    Answer of(Dialler dialler, CheckInput input, boolean english) {
        Instant now = clock.instant();
        List<CallProblems.FieldProblem> errors = new ArrayList<>();
        CallRequest request = input.toRequest(dialler, now, true, false, errors);
        if (request == null) {
            throw CallProblems.validation(errors);
        }
        FrenchNumber number = CheckInput.parsed(request);
        Decision decision = screening.decide(request, true).decision();
        return switch (decision) {
            case Decision.Allow allow -> new Answer(number.e164(), true, now, allow.basis().name(), List.of(),
                    allow.ruleSet().version());
            case Decision.Deny deny -> new Answer(number.e164(), false, deny.nextAllowed(), null,
                    deny.reasons().stream().map(r -> new Reason(r.code().name(), r.legalReference(),
                            english ? r.messageEn() : r.messageFr())).toList(),
                    deny.ruleSet().version());
        };
    }
}
