package fr.consenti.server.accounts;

import jakarta.servlet.http.HttpServletResponse;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The page an invitation link opens: who invites the address into what, and the form where the invitee chooses a
 * password. Nothing else is asked, nothing else is read: the role, the company and the address are the invitation's.
 */
@Controller
final class InvitationController {

    private final Invitations invitations;

    InvitationController(Invitations invitations) {
        this.invitations = invitations;
    }

    @GetMapping("/invitation")
    String show(@RequestParam(required = false) String token, Locale locale, Model model) {
        Invitations.Preview preview = invitations.preview(token, locale);
        model.addAttribute("preview", preview);
        model.addAttribute("token", token);
        model.addAttribute("errors", Map.of());
        return "invitation";
    }

    @PostMapping("/invitation")
    String accept(@RequestParam(defaultValue = "") String token, @RequestParam(defaultValue = "") String password,
                  @RequestParam(defaultValue = "") String confirmation, Locale locale, Model model,
                  HttpServletResponse response) {
        Invitations.Acceptance acceptance = invitations.accept(token, password, confirmation);
        if (acceptance.status() == Invitations.Status.ACCEPTED) {
            return "redirect:/login?invited&email="
                    + java.net.URLEncoder.encode(acceptance.person().email(), java.nio.charset.StandardCharsets.UTF_8);
        }
        model.addAttribute("preview", invitations.preview(token, locale));
        model.addAttribute("token", token);
        model.addAttribute("errors", acceptance.errors());
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        return "invitation";
    }
}
