package fr.consenti.server.calls;

import fr.consenti.core.number.FrenchNumber;
import fr.consenti.core.rules.CallRequest;
import fr.consenti.core.rules.Decision;
import fr.consenti.server.screening.ScreeningService;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * {@code POST /api/v1/checks}: pure decisions on this node's screening index. No database round trip, no side
 * effect; a check with {@code at} is a simulation (planning, audit) and says so.
 */
@Service
final class Checks {

    /** At most this many field errors are listed for a batch; the count says how many there were. */
    private static final int MAX_ERRORS = 100;

    private final ScreeningService screening;
    private final Clock clock;

    Checks(ScreeningService screening, Clock clock) {
        this.screening = screening;
        this.clock = clock;
    }

    ByteBuffer check(Dialler dialler, byte[] json, boolean english) {
        CheckInput.Body body = CheckInput.read(json, true);
        Instant now = clock.instant();
        List<CallProblems.FieldProblem> errors = new ArrayList<>();
        if (body.single() != null) {
            CheckInput input = body.single();
            CallRequest request = input.toRequest(dialler, now, true, true, errors);
            if (request == null) {
                throw CallProblems.validation(errors);
            }
            Decision decision = screening.decide(request, !input.simulated()).decision();
            return ByteBuffer.wrap(DecisionJson.single(CheckInput.parsed(request), decision, input.simulated(), english));
        }
        List<CheckInput> batch = body.batch();
        List<CallRequest> requests = new ArrayList<>(batch.size());
        CheckInput.Repeats repeats = new CheckInput.Repeats();
        for (int i = 0; i < batch.size(); i++) {
            CallRequest request = batch.get(i).toRequest(dialler, now, i, false, true, errors, repeats);
            requests.add(request);
        }
        if (!errors.isEmpty()) {
            throw CallProblems.validation(errors.size() > MAX_ERRORS ? errors.subList(0, MAX_ERRORS) : errors);
        }
        List<FrenchNumber> numbers = new ArrayList<>(requests.size());
        List<Decision> decisions = new ArrayList<>(requests.size());
        List<Boolean> simulated = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            CallRequest request = requests.get(i);
            numbers.add(CheckInput.parsed(request));
            decisions.add(screening.decide(request, !batch.get(i).simulated()).decision());
            simulated.add(batch.get(i).simulated());
        }
        return DecisionJson.batch(numbers, decisions, simulated, english);
    }
}
