package fr.consenti.server.accounts;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** Where links in mails point: CONSENTI_PUBLIC_URL when set (it should be, behind a proxy), else this server. */
@Component
final class PublicUrl {

    private final String configured;

    PublicUrl(@Value("${consenti.public-url:}") String configured) {
        this.configured = configured.strip().replaceAll("/+$", "");
    }

    /** The base of links, for the request being served. */
    String base() {
        return configured.isEmpty() ? ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString()
                : configured;
    }
}
