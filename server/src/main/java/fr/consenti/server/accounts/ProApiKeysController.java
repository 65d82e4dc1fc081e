package fr.consenti.server.accounts;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * A professional's API keys, for the people acting for it: list with last use, issue (the key is shown on this
 * page once, never again), revoke. Another professional's key is answered as not found, not as forbidden, so
 * key ids tell nothing.
 */
@Controller
final class ProApiKeysController {

    private final ApiKeys keys;

    ProApiKeysController(ApiKeys keys) {
        this.keys = keys;
    }

    @GetMapping("/pro/api-keys")
    String list(@AuthenticationPrincipal SignedInPerson person, Model model) {
        model.addAttribute("keys", keys.ofProfessional(person.professionalId()));
        return "pro-api-keys";
    }

    @PostMapping("/pro/api-keys")
    String issue(@AuthenticationPrincipal SignedInPerson person, @RequestParam(defaultValue = "") String label,
            Model model) {
        String cleaned = label.strip();
        if (cleaned.isEmpty() || cleaned.length() > 100) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "label: 1 to 100 characters");
        }
        IssuedApiKey issued = keys.issue(person.professionalId(), cleaned, "person:" + person.personId());
        model.addAttribute("issued", issued);
        return list(person, model);
    }

    @PostMapping("/pro/api-keys/{id}/revoke")
    String revoke(@AuthenticationPrincipal SignedInPerson person, @PathVariable long id) {
        boolean own = keys.ofProfessional(person.professionalId()).stream().anyMatch(key -> key.id() == id);
        if (!own) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        keys.revoke(id, "person:" + person.personId());
        return "redirect:/pro/api-keys";
    }
}
