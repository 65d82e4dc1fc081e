package fr.consenti.server.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class PageLocalesTest {

    @Test
    void frenchWithoutAcceptLanguage() {
        assertThat(PageLocales.fromAcceptLanguage(new MockHttpServletRequest())).isEqualTo(Locale.FRENCH);
    }

    @Test
    void firstOfferedLanguageInTheClientsOrder() {
        assertThat(PageLocales.fromAcceptLanguage(withAcceptLanguage("en-US,en;q=0.9,fr;q=0.8"))).isEqualTo(Locale.ENGLISH);
        assertThat(PageLocales.fromAcceptLanguage(withAcceptLanguage("it,de;q=0.9,en;q=0.5"))).isEqualTo(Locale.ENGLISH);
        assertThat(PageLocales.fromAcceptLanguage(withAcceptLanguage("fr-CA,en;q=0.5"))).isEqualTo(Locale.FRENCH);
    }

    @Test
    void frenchWhenNoneIsOffered() {
        assertThat(PageLocales.fromAcceptLanguage(withAcceptLanguage("de-DE,it;q=0.5"))).isEqualTo(Locale.FRENCH);
    }

    private static MockHttpServletRequest withAcceptLanguage(String value) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.addHeader("Accept-Language", value);
        return request;
    }
}
