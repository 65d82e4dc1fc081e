package fr.consenti.server.platform;

import fr.consenti.server.accounts.ApiKeyAuthenticator;
import fr.consenti.server.accounts.People;
import fr.consenti.server.accounts.RemovedAccess;
import fr.consenti.server.accounts.Role;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.WebAttributes;
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
            "/", "/login", "/signup", "/signup/pro", "/verify-email", "/verify-pro", "/invitation", "/error",
            "/css/**", "/js/**", "/favicon.svg",
            "/actuator/health", "/actuator/health/**",
            "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html",
            // The receipt signing key, for anyone to verify a consent receipt offline.
            "/.well-known/consenti-keys.json",
            // Exists only when consenti.demo.enabled=true; otherwise nothing answers there.
            "/demo/outbox"};

    /**
     * The consumer's API of the opposition list: a consumer app signs in as a person does (POST /login) and sends
     * the session cookie, with the session's CSRF token in X-CSRF-TOKEN on every change. API keys (professionals')
     * do not reach it. Answers problem+json: 401 without a session, 403 for another role or a missing token.
     */
    @Bean
    @Order(0)
    SecurityFilterChain consumerApi(HttpSecurity http) throws Exception {
        ConsumerApiProblems problems = new ConsumerApiProblems();
        http.securityMatcher("/api/v1/registry/**")
                .authorizeHttpRequests(requests -> requests.anyRequest().hasRole(Role.CONSUMER.name()))
                .requestCache(cache -> cache.disable())
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .exceptionHandling(errors -> errors.authenticationEntryPoint(problems).accessDeniedHandler(problems));
        return http.build();
    }

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
    /**
     * No Spring Security observations at all: {@code management.observations.enable.spring.security=false} only turns
     * them into no-ops, and the filter chain is still wrapped, one observation attempt per filter and request. Without
     * them the chain is not decorated (BENCHMARKS.md, dialler API). HTTP request metrics stay on.
     */
    @Bean
    static SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    AuthenticationManager authenticationManager(AuthenticationProvider personSignIn) {
        return new ProviderManager(personSignIn);
    }

    @Bean
    @Order(2)
    SecurityFilterChain pages(HttpSecurity http, AuthenticationManager signIn,
            AuthenticationFailureHandler signInFailures, People people) throws Exception {
        // A staff member whose access was removed loses their session at the next request, on every node.
        http.addFilterAfter(new RemovedAccess(people), SecurityContextHolderFilter.class);
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers(PUBLIC).permitAll()
                        .requestMatchers("/pro/**").hasRole(Role.PROFESSIONAL.name())
                        .requestMatchers("/wallet", "/wallet/**").hasRole(Role.CONSUMER.name())
                        // Registering a call centre (and inviting its first staff) changes the registry: operator staff
                        // alone, never authority agents.
                        .requestMatchers(HttpMethod.POST, "/operator/call-centres", "/operator/call-centres/**")
                        .hasRole(Role.OPERATOR.name())
                        .requestMatchers("/call-centre", "/call-centre/**").hasRole(Role.CALL_CENTRE.name())
                        // Subscriptions, usage, enumeration flags and leak tracing: the registry operator's own work.
                        .requestMatchers("/operator/scrub", "/operator/scrub/**").hasRole(Role.OPERATOR.name())
                        // The registry's ledgers checks and the call centres list: operator staff; authority agents too.
                        .requestMatchers("/operator/**").hasAnyRole(Role.OPERATOR.name(), Role.AUTHORITY.name())
                        .requestMatchers("/registry", "/registry/**", "/complaints", "/complaints/**")
                            .hasRole(Role.CONSUMER.name())
                        .requestMatchers("/authority/**").hasRole(Role.AUTHORITY.name())
                        .requestMatchers("/actuator/**").hasRole(Role.OPERATOR.name())
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
                // Refusals (a role's, a missing CSRF token's) go to the error page, which tells them apart.
                .exceptionHandling(errors -> errors.accessDeniedHandler((request, response, denied) -> {
                    request.setAttribute(WebAttributes.ACCESS_DENIED_403, denied);
                    response.sendError(HttpServletResponse.SC_FORBIDDEN);
                }))
                .sessionManagement(session -> session.sessionFixation(fixation -> fixation.changeSessionId()));
        return http.build();
    }
}
