package fr.consenti.server.consent;

import fr.consenti.server.accounts.SignedInPerson;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The purposes page of a professional's staff (role PROFESSIONAL): the professional's purposes in the order they were
 * defined, and the form that defines a new one, checked as {@code POST /api/v1/purposes} checks it
 * ({@link Purposes#validated}). A purpose is never redefined: a code already used is refused on the code field.
 */
@Controller
final class ProPurposesController {

    static final String PAGE = "/pro/purposes";

    private final Purposes purposes;

    ProPurposesController(Purposes purposes) {
        this.purposes = purposes;
    }

    @GetMapping(PAGE)
    String list(@AuthenticationPrincipal SignedInPerson person, Model model) {
        model.addAttribute("purposes", purposes.of(person.professionalId()).values());
        return "pro-purposes";
    }

    @PostMapping(PAGE)
    String define(@AuthenticationPrincipal SignedInPerson person, @RequestParam(defaultValue = "") String code,
                  @RequestParam(defaultValue = "") String label, @RequestParam(defaultValue = "") String nature,
                  Model model, HttpServletResponse response) {
        try {
            Purposes.Purpose defined = purposes.define(person.professionalId(), Purposes.validated(code, label, nature),
                    "person:" + person.personId());
            return "redirect:" + PAGE + "?defined=" + URLEncoder.encode(defined.code(), StandardCharsets.UTF_8);
        } catch (ErrorResponseException refused) {
            Map<String, Object> properties = refused.getBody().getProperties();
            Object errors = properties == null ? null : properties.get("errors");
            if (errors == null && refused.getStatusCode().value() == HttpStatus.CONFLICT.value()) {
                errors = List.of(new Problems.FieldProblem("code", refused.getBody().getDetail()));
            }
            if (errors == null) {
                throw refused;
            }
            response.setStatus(refused.getStatusCode().value());
            model.addAttribute("errors", errors);
            model.addAttribute("code", code);
            model.addAttribute("label", label);
            model.addAttribute("nature", nature);
            return list(person, model);
        }
    }
}
