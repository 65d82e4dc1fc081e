package fr.consenti.server.platform;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.support.RequestContextUtils;

/**
 * The language of pages and messages: French first, English second. {@code ?lang=en} switches and is
 * remembered in a cookie; without a choice, the browser's Accept-Language picks among the two; otherwise French.
 */
@Configuration(proxyBeanMethods = false)
class PageLocales implements WebMvcConfigurer {

    static final List<Locale> SUPPORTED = List.of(Locale.FRENCH, Locale.ENGLISH);

    @Bean
    LocaleResolver localeResolver() {
        CookieLocaleResolver resolver = new CookieLocaleResolver("consenti-lang");
        resolver.setCookieMaxAge(Duration.ofDays(365));
        resolver.setDefaultLocaleFunction(PageLocales::fromAcceptLanguage);
        return resolver;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
                // Only the languages the pages exist in; any other ?lang= is ignored rather than refused.
                Locale chosen = supported(request.getParameter("lang"));
                if (chosen != null) {
                    LocaleResolver resolver = RequestContextUtils.getLocaleResolver(request);
                    if (resolver != null) {
                        resolver.setLocale(request, response, chosen);
                    }
                }
                return true;
            }
        });
    }

    static Locale fromAcceptLanguage(HttpServletRequest request) {
        if (request.getHeader("Accept-Language") == null) {
            return Locale.FRENCH;
        }
        // getLocales() is ordered by the client's preference (q values).
        for (Locale wanted : Collections.list(request.getLocales())) {
            Locale supported = supported(wanted.getLanguage());
            if (supported != null) {
                return supported;
            }
        }
        return Locale.FRENCH;
    }

    static Locale supported(String language) {
        if (language == null) {
            return null;
        }
        for (Locale locale : SUPPORTED) {
            if (locale.getLanguage().equalsIgnoreCase(language)) {
                return locale;
            }
        }
        return null;
    }
}
