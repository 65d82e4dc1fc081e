package fr.consenti.server.accounts;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The signed-in person's own page: who they are signed in as, and for which professional or call centre. */
@Controller
final class AccountController {

    private final People people;
    private final Professionals professionals;
    private final CallCentres callCentres;

    AccountController(People people, Professionals professionals, CallCentres callCentres) {
        this.people = people;
        this.professionals = professionals;
        this.callCentres = callCentres;
    }

    @GetMapping("/account")
    String account(@AuthenticationPrincipal SignedInPerson signedIn, Model model) {
        Person person = people.findById(signedIn.personId()).orElseThrow();
        model.addAttribute("person", person);
        if (person.professionalId() != null) {
            model.addAttribute("professional", professionals.findById(person.professionalId()).orElseThrow());
        }
        if (person.callCentreId() != null) {
            model.addAttribute("callCentre", callCentres.findById(person.callCentreId()).orElseThrow());
        }
        return "account";
    }
}
