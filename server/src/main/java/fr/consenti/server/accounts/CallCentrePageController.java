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
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Locale;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The page of a call centre's staff (role CALL_CENTRE): the delegations professionals granted to their call centre,
 * with who granted each, its purposes, dates and status; the call centre's staff, with the invitation of a colleague
 * (always into this call centre, as CALL_CENTRE) and the removal of a colleague's access (never the last one's). Nothing of any professional's consents: a call centre reaches
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
    private final Teams teams;
    private final Invitations invitations;
    private final PublicUrl publicUrl;

    CallCentrePageController(CallCentres callCentres, Delegations delegations, Professionals professionals,
                             Clock clock, Teams teams, Invitations invitations, PublicUrl publicUrl) {
        this.callCentres = callCentres;
        this.delegations = delegations;
        this.professionals = professionals;
        this.clock = clock;
        this.teams = teams;
        this.invitations = invitations;
        this.publicUrl = publicUrl;
    }

    /** A colleague invited into the call centre, as CALL_CENTRE: nothing else can be chosen. */
    @PostMapping("/call-centre/invitations")
    String invite(@AuthenticationPrincipal SignedInPerson person, @RequestParam(defaultValue = "") String email,
                  Locale locale, Model model, HttpServletResponse response) {
        try {
            Invitations.Sent sent = invitations.inviteColleague(person, email, publicUrl.base(), locale);
            return "redirect:/call-centre?invited=" + sent.invitation().id();
        } catch (ErrorResponseException refused) {
            return ProTeamController.refusedForm(refused, email, response, model, () -> page(person, model));
        }
    }

    @PostMapping("/call-centre/invitations/{id}/revoke")
    String revoke(@AuthenticationPrincipal SignedInPerson person, @PathVariable long id) {
        invitations.revoke(person, id);
        return "redirect:/call-centre?revoked";
    }

    @PostMapping("/call-centre/members/{id}/remove")
    String remove(@AuthenticationPrincipal SignedInPerson person, @PathVariable long id, HttpServletRequest request)
            throws jakarta.servlet.ServletException {
        Teams.Removal removal = teams.remove(person, id);
        if (removal == Teams.Removal.LAST_ONE) {
            return "redirect:/call-centre?lastOne";
        }
        if (id == person.personId()) {
            request.logout();
            return "redirect:/login?logout";
        }
        return "redirect:/call-centre?removed";
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
        model.addAttribute("members", teams.of(person));
        model.addAttribute("pending", callCentre.map(c -> invitations.pendingForCallCentre(c.id())).orElse(List.of()));
        model.addAttribute("me", person.personId());
        return "call-centre";
    }
}
