package fr.consenti.server.accounts;

import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The registry operator's call centres page: the registered call centres, and the form that registers one (SIREN
 * with its Luhn check, name). Registering is for operator staff alone (SecurityConfig refuses the POST to anyone
 * else, authority agents included); authority agents may read the list. Each registration is in the audit log.
 */
@Controller
final class OperatorCallCentresController {

    static final String PAGE = "/operator/call-centres";

    private final CallCentres callCentres;

    OperatorCallCentresController(CallCentres callCentres) {
        this.callCentres = callCentres;
    }

    @GetMapping(PAGE)
    String list(Model model) {
        model.addAttribute("callCentres", callCentres.all());
        return "operator-call-centres";
    }

    @PostMapping(PAGE)
    String register(@AuthenticationPrincipal SignedInPerson person, @RequestParam(defaultValue = "") String siren,
                    @RequestParam(defaultValue = "") String name, Model model, HttpServletResponse response) {
        try {
            CallCentre registered = callCentres.register(siren, name, "person:" + person.personId());
            return "redirect:" + PAGE + "?registered=" + registered.siren().value();
        } catch (ErrorResponseException refused) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("errors", refused.getBody().getProperties() == null ? List.of()
                    : refused.getBody().getProperties().get("errors"));
            model.addAttribute("siren", siren);
            model.addAttribute("name", name);
            return list(model);
        }
    }
}
