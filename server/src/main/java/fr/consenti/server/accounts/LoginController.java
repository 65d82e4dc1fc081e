package fr.consenti.server.accounts;

import java.util.Set;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The sign-in page; Spring Security handles the form's POST and sends failures back here with their reason. */
@Controller
final class LoginController {

    /** The reasons a sign-in fails, each with its message (login.error.*). */
    static final Set<String> ERRORS = Set.of("credentials", "unverified", "throttled", "removed");

    @GetMapping("/login")
    String login(@RequestParam(required = false) String error, Model model) {
        if (error != null) {
            model.addAttribute("error", ERRORS.contains(error) ? error : "credentials");
        }
        return "login";
    }
}
