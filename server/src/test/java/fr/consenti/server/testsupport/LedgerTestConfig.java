package fr.consenti.server.testsupport;

import fr.consenti.server.accounts.ApiCaller;
import fr.consenti.server.accounts.ApiKeys;
import fr.consenti.server.accounts.StoredApiKey;
import java.util.List;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * For the ledger's integration tests: a clock they move, and (until the security branch's API-key filter is merged)
 * a resolver that turns {@code Authorization: Bearer <key>} into the {@link ApiCaller} of a real issued key.
 */
@TestConfiguration(proxyBeanMethods = false)
public class LedgerTestConfig {

    @Bean
    @Primary
    MutableClock mutableClock() {
        return new MutableClock();
    }

    @Bean
    WebMvcConfigurer bearerApiKeys(JdbcClient jdbc) {
        return new WebMvcConfigurer() {
            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(new BearerResolver(jdbc));
            }
        };
    }

    private record BearerResolver(JdbcClient jdbc) implements HandlerMethodArgumentResolver {

        @Override
        public boolean supportsParameter(MethodParameter parameter) {
            return parameter.hasParameterAnnotation(AuthenticationPrincipal.class)
                    && parameter.getParameterType() == ApiCaller.class;
        }

        @Override
        public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mav, NativeWebRequest request,
                                      WebDataBinderFactory binders) {
            String header = request.getHeader("Authorization");
            if (header == null || !header.startsWith("Bearer ") || header.length() < 7 + 12) {
                throw new ResponseStatusException(HttpStatus.UNAUTHORIZED);
            }
            String key = header.substring(7).strip();
            List<StoredApiKey> candidates = jdbc.sql("""
                            select id, professional_id, prefix, secret_sha256, label, created_at, revoked_at, last_used_at
                            from api_key where prefix = ? and revoked_at is null""")
                    .param(key.substring(0, 12))
                    .query(StoredApiKey.class).list();
            return candidates.stream().filter(k -> ApiKeys.matches(k, key)).findFirst()
                    .map(k -> new ApiCaller(k.professionalId(), null, k.id()))
                    .orElseThrow(() -> new ResponseStatusException(HttpStatus.UNAUTHORIZED));
        }
    }
}
