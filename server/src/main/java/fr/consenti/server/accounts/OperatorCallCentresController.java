package fr.consenti.server.accounts;

import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.ErrorResponseException;
import java.util.Locale;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The registry operator's call centres page: the registered call centres, and the form that registers one (SIREN
 * with its Luhn check, name). Registering is for operator staff alone (SecurityConfig refuses the POST to anyone
 * else, authority agents included); authority agents may read the list. Each registration is in the audit log. Operator
 * staff also invite a call centre's staff by email, with the registration or later from its row: the invitation is
 * for that call centre, as CALL_CENTRE, and is in the audit log.
 */
@Controller
final class OperatorCallCentresController {

    static final String PAGE = "/operator/call-centres";

    private final CallCentres callCentres;
    private final Invitations invitations;
    private final PublicUrl publicUrl;
    private final People people;

    OperatorCallCentresController(CallCentres callCentres, Invitations invitations, PublicUrl publicUrl,
                                  People people) {
        this.callCentres = callCentres;
        this.invitations = invitations;
        this.publicUrl = publicUrl;
        this.people = people;
    }

    @GetMapping(PAGE)
    String list(Model model) {
        model.addAttribute("callCentres", callCentres.all());
        model.addAttribute("staff", people.activeByCallCentre());
        return "operator-call-centres";
    }

    @PostMapping(PAGE)
    String register(@AuthenticationPrincipal SignedInPerson person, @RequestParam(defaultValue = "") String siren,
                    @RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "") String staffEmail,
                    Locale locale, Model model, HttpServletResponse response) {
        try {
            // The first staff member's address is checked before anything is registered, so that a bad one keeps
            // nothing half-done.
            if (!staffEmail.isBlank() && !SignUpController.EMAIL.matcher(People.normaliseEmail(staffEmail)).matches()) {
                throw AccountProblems.validation(List.of(new AccountProblems.FieldProblem("staffEmail",
                        "is not an email address")));
            }
            CallCentre registered = callCentres.register(siren, name, "person:" + person.personId());
            if (!staffEmail.isBlank()) {
                invitations.inviteCallCentreStaff(registered.id(), staffEmail, "person:" + person.personId(),
                        publicUrl.base(), locale);
                return "redirect:" + PAGE + "?registered=" + registered.siren().value() + "&invited";
            }
            return "redirect:" + PAGE + "?registered=" + registered.siren().value();
        } catch (ErrorResponseException refused) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("errors", refused.getBody().getProperties() == null ? List.of()
                    : refused.getBody().getProperties().get("errors"));
            model.addAttribute("siren", siren);
            model.addAttribute("name", name);
            model.addAttribute("staffEmail", staffEmail);
            return list(model);
        }
    }

    /** Invites a staff member of a registered call centre (its first, or another later): operator staff alone. */
    @PostMapping(PAGE + "/{id}/invitations")
    String invite(@AuthenticationPrincipal SignedInPerson person, @PathVariable long id,
                  @RequestParam(defaultValue = "") String email, Locale locale, Model model,
                  HttpServletResponse response) {
        CallCentre callCentre = callCentres.findById(id).orElseThrow(() -> AccountProblems.of(
                org.springframework.http.HttpStatus.NOT_FOUND, "CALL_CENTRE_NOT_FOUND", "No such call centre."));
        try {
            invitations.inviteCallCentreStaff(callCentre.id(), email, "person:" + person.personId(), publicUrl.base(),
                    locale);
            return "redirect:" + PAGE + "?invitedTo=" + callCentre.siren().value();
        } catch (ErrorResponseException refused) {
            if (refused.getStatusCode().value() != 400) {
                throw refused;
            }
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("errors", refused.getBody().getProperties() == null ? List.of()
                    : refused.getBody().getProperties().get("errors"));
            return list(model);
        }
    }
}
