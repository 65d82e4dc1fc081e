package fr.consenti.server.home;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The public home page: what Consenti is and for whom, in the visitor's language. */
@Controller
final class HomeController {

    @GetMapping("/")
    String home() {
        return "home";
    }
}
