package fr.consenti.server.accounts;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Locale;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * A professional's team, for the people acting for it: who has access, the invitations waiting for an answer, the
 * form that invites a colleague by email (into this professional, as PROFESSIONAL: nothing else can be chosen), and
 * the removal of a colleague's access (never the last one's). Another company's person or invitation is not found.
 */
@Controller
final class ProTeamController {

    static final String PAGE = "/pro/team";

    private final Teams teams;
    private final Invitations invitations;
    private final Professionals professionals;
    private final PublicUrl publicUrl;

    ProTeamController(Teams teams, Invitations invitations, Professionals professionals, PublicUrl publicUrl) {
        this.teams = teams;
        this.invitations = invitations;
        this.professionals = professionals;
        this.publicUrl = publicUrl;
    }

    @GetMapping(PAGE)
    String page(@AuthenticationPrincipal SignedInPerson person, Model model) {
        model.addAttribute("professional", professionals.findById(person.professionalId()).orElseThrow());
        model.addAttribute("members", teams.of(person));
        model.addAttribute("pending", invitations.pendingForProfessional(person.professionalId()));
        model.addAttribute("me", person.personId());
        return "pro-team";
    }

    @PostMapping(PAGE + "/invitations")
    String invite(@AuthenticationPrincipal SignedInPerson person, @RequestParam(defaultValue = "") String email,
                  Locale locale, Model model, HttpServletResponse response) {
        try {
            Invitations.Sent sent = invitations.inviteColleague(person, email, publicUrl.base(), locale);
            return "redirect:" + PAGE + "?invited=" + sent.invitation().id();
        } catch (ErrorResponseException refused) {
            return refusedForm(refused, email, response, model, () -> page(person, model));
        }
    }

    @PostMapping(PAGE + "/invitations/{id}/revoke")
    String revoke(@AuthenticationPrincipal SignedInPerson person, @PathVariable long id) {
        invitations.revoke(person, id);
        return "redirect:" + PAGE + "?revoked";
    }

    @PostMapping(PAGE + "/members/{id}/remove")
    String remove(@AuthenticationPrincipal SignedInPerson person, @PathVariable long id, HttpServletRequest request)
            throws jakarta.servlet.ServletException {
        Teams.Removal removal = teams.remove(person, id);
        if (removal == Teams.Removal.LAST_ONE) {
            return "redirect:" + PAGE + "?lastOne";
        }
        if (id == person.personId()) {
            request.logout();
            return "redirect:/login?logout";
        }
        return "redirect:" + PAGE + "?removed";
    }

    /** Shows the page again with the refusal's field errors, answered 400. */
    static String refusedForm(ErrorResponseException refused, String email, HttpServletResponse response, Model model,
                              java.util.function.Supplier<String> page) {
        if (refused.getStatusCode().value() != 400) {
            throw refused;
        }
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        model.addAttribute("errors", refused.getBody().getProperties() == null ? List.of()
                : refused.getBody().getProperties().get("errors"));
        model.addAttribute("email", email);
        return page.get();
    }
}
