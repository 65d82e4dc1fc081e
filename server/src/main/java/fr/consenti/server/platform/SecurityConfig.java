package fr.consenti.server.platform;

import fr.consenti.server.accounts.ApiKeyAuthenticator;
import fr.consenti.server.accounts.Role;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.context.SecurityContextHolderFilter;

/**
 * Two ways in. Machines call {@code /api/**} with an API key on every request: no session, no cookie, so no CSRF
 * to defend against. People use the pages with a session cookie after signing in with email and password: CSRF
 * tokens on every form. The session cookie is HttpOnly and SameSite=Lax (application.properties), and Secure
 * whenever the request came over HTTPS, directly or through a proxy on a private network
 * (server.forward-headers-strategy).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    /** Pages and files anyone may see, signed in or not. */
    static final String[] PUBLIC = {
            "/", "/login", "/signup", "/verify-email", "/error",
            "/css/**", "/js/**", "/favicon.svg",
            "/actuator/health", "/actuator/health/**",
            "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html",
            // The receipt signing key, for anyone to verify a consent receipt offline.
            "/.well-known/consenti-keys.json",
            // Exists only when consenti.demo.enabled=true; otherwise nothing answers there.
            "/demo/outbox"};

    @Bean
    @Order(1)
    SecurityFilterChain api(HttpSecurity http, ApiKeyAuthenticator keys) throws Exception {
        SecurityProblems problems = new SecurityProblems();
        http.securityMatcher("/api/**")
                .authorizeHttpRequests(requests -> requests.anyRequest().hasAuthority(ApiKeyAuthentication.API_CLIENT))
                .addFilterAfter(new ApiKeyFilter(keys, problems), SecurityContextHolderFilter.class)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .anonymous(anonymous -> { })
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .exceptionHandling(errors -> errors.authenticationEntryPoint(problems).accessDeniedHandler(problems));
        return http.build();
    }

    /**
     * The one way a person signs in. Declared so that the page chain uses it alone: left to itself, Spring would
     * also ask a global manager holding the same provider after a failure, counting each failure twice.
     */
    @Bean
    AuthenticationManager authenticationManager(AuthenticationProvider personSignIn) {
        return new ProviderManager(personSignIn);
    }

    @Bean
    @Order(2)
    SecurityFilterChain pages(HttpSecurity http, AuthenticationManager signIn,
            AuthenticationFailureHandler signInFailures) throws Exception {
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers(PUBLIC).permitAll()
                        .requestMatchers("/pro/**").hasRole(Role.PROFESSIONAL.name())
                        .requestMatchers("/actuator/**").hasRole(Role.OPERATOR.name())
                        .requestMatchers("/operator/**").hasRole(Role.OPERATOR.name())
                        .anyRequest().authenticated())
                .authenticationManager(signIn)
                .formLogin(form -> form
                        .loginPage("/login")
                        .usernameParameter("email")
                        .passwordParameter("password")
                        .defaultSuccessUrl("/account")
                        .failureHandler(signInFailures)
                        .permitAll())
                .logout(logout -> logout.logoutSuccessUrl("/login?logout").permitAll())
                .sessionManagement(session -> session.sessionFixation(fixation -> fixation.changeSessionId()));
        return http.build();
    }
}
