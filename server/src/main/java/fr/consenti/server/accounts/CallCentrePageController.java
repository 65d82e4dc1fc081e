package fr.consenti.server.accounts;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The page of a call centre's staff (role CALL_CENTRE): the delegations professionals granted to their call centre,
 * with who granted each, its purposes, dates and status. Nothing of any professional's consents: a call centre reaches
 * those only through an API key the professional issued for a delegation. A person not linked to a call centre sees
 * that they are not, and nothing else.
 */
@Controller
final class CallCentrePageController {

    /** One delegation as the call centre sees it. */
    record Row(String professionalName, String professionalSiren, Delegation delegation, String status) {
    }

    private final CallCentres callCentres;
    private final Delegations delegations;
    private final Professionals professionals;
    private final Clock clock;

    CallCentrePageController(CallCentres callCentres, Delegations delegations, Professionals professionals,
                             Clock clock) {
        this.callCentres = callCentres;
        this.delegations = delegations;
        this.professionals = professionals;
        this.clock = clock;
    }

    @GetMapping("/call-centre")
    String page(@AuthenticationPrincipal SignedInPerson person, Model model) {
        Optional<CallCentre> callCentre = person.callCentreId() == null ? Optional.empty()
                : callCentres.findById(person.callCentreId());
        model.addAttribute("callCentre", callCentre.orElse(null));
        Instant now = clock.instant();
        Map<Long, Optional<Professional>> granters = new HashMap<>();
        List<Row> rows = callCentre.map(c -> delegations.ofCallCentre(c.id())).orElse(List.of()).stream()
                .map(d -> {
                    Optional<Professional> granter = granters.computeIfAbsent(d.professionalId(),
                            professionals::findById);
                    return new Row(granter.map(Professional::name).orElse(""),
                            granter.map(p -> p.siren().value()).orElse(""), d, d.statusAt(now));
                })
                .toList();
        model.addAttribute("rows", rows);
        return "call-centre";
    }
}
