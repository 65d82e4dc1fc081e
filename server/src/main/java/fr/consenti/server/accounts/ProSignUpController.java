package fr.consenti.server.accounts;

import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The professional sign-up page (company and first staff member) and its email verification link. */
@Controller
final class ProSignUpController {

    private final ProSignUps signUps;
    private final PublicUrl publicUrl;

    ProSignUpController(ProSignUps signUps, PublicUrl publicUrl) {
        this.signUps = signUps;
        this.publicUrl = publicUrl;
    }

    @GetMapping("/signup/pro")
    String form(@RequestParam(required = false) String sent, Model model) {
        model.addAttribute("sent", sent != null);
        model.addAttribute("errors", Map.of());
        model.addAttribute("sectors", ProSignUps.SECTORS);
        return "signup-pro";
    }

    @PostMapping("/signup/pro")
    String signUp(@RequestParam(defaultValue = "") String siren, @RequestParam(defaultValue = "") String name,
                  @RequestParam(defaultValue = "") String sector, @RequestParam(defaultValue = "") String email,
                  @RequestParam(defaultValue = "") String password,
                  @RequestParam(defaultValue = "") String confirmation, Locale locale, Model model) {
        ProSignUps.Form form = new ProSignUps.Form(siren, name, sector, email, password, confirmation);
        var errors = signUps.check(form);
        if (!errors.isEmpty()) {
            model.addAttribute("sent", false);
            model.addAttribute("errors", errors);
            model.addAttribute("sectors", ProSignUps.SECTORS);
            model.addAttribute("form", form);
            return "signup-pro";
        }
        signUps.signUp(form, publicUrl.base(), locale);
        return "redirect:/signup/pro?sent";
    }

    @GetMapping("/verify-pro")
    String verify(@RequestParam(required = false) String token, Model model) {
        ProSignUps.Verification outcome = signUps.verify(token);
        if (outcome == ProSignUps.Verification.VERIFIED) {
            return "redirect:/login?verified";
        }
        model.addAttribute("outcome", outcome.name());
        model.addAttribute("again", "/signup/pro");
        return "verify-email";
    }
}
