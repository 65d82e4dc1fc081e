package fr.consenti.server.accounts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** The consumer sign-up page and the email verification link. */
@Controller
final class SignUpController {

    /** Deliberately loose: the verification mail is the real check of an address. */
    static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private final SignUps signUps;
    private final String publicUrl;

    SignUpController(SignUps signUps, @Value("${consenti.public-url:}") String publicUrl) {
        this.signUps = signUps;
        this.publicUrl = publicUrl.strip().replaceAll("/+$", "");
    }

    @GetMapping("/signup")
    String form(@RequestParam(required = false) String sent, Model model) {
        model.addAttribute("sent", sent != null);
        model.addAttribute("errors", Map.of());
        return "signup";
    }

    @PostMapping("/signup")
    String signUp(@RequestParam(defaultValue = "") String email, @RequestParam(defaultValue = "") String password,
            @RequestParam(defaultValue = "") String confirmation, Locale locale,
            Model model) {
        Map<String, List<String>> errors = new LinkedHashMap<>();
        String address = People.normaliseEmail(email);
        if (address.length() > 254 || !EMAIL.matcher(address).matches()) {
            errors.put("email", List.of("signup.error.email"));
        }
        List<String> passwordProblems = new ArrayList<>(PasswordPolicy.problems(address, password));
        if (!passwordProblems.isEmpty()) {
            errors.put("password", passwordProblems);
        } else if (!password.equals(confirmation)) {
            errors.put("confirmation", List.of("signup.error.confirmation"));
        }
        if (!errors.isEmpty()) {
            model.addAttribute("sent", false);
            model.addAttribute("email", email);
            model.addAttribute("errors", errors);
            return "signup";
        }
        signUps.signUp(address, password, baseUrl(), locale);
        return "redirect:/signup?sent";
    }

    @GetMapping("/verify-email")
    String verify(@RequestParam(required = false) String token, Model model) {
        SignUps.Verification outcome = signUps.verify(token);
        if (outcome == SignUps.Verification.VERIFIED) {
            return "redirect:/login?verified";
        }
        model.addAttribute("outcome", outcome.name());
        return "verify-email";
    }

    /** Where links in mails point: CONSENTI_PUBLIC_URL when set (it should be, behind a proxy), else this server. */
    private String baseUrl() {
        return publicUrl.isEmpty() ? ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString() : publicUrl;
    }
}
