package fr.consenti.server.home;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The public home page: what Consenti is and for whom, in the visitor's language. */
@Controller
final class HomeController {

    @GetMapping("/")
    String home(HttpServletResponse response) {
        // The language comes from these headers: a shared cache must not serve one visitor's page to another.
        response.addHeader(HttpHeaders.VARY, "Accept-Language, Cookie");
        return "home";
    }
}
