package fr.consenti.server.platform;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What /v3/api-docs says about the API as a whole; each feature documents its own operations. */
@Configuration(proxyBeanMethods = false)
class ApiDocsConfig {

    @Bean
    OpenAPI consentiOpenApi() {
        return new OpenAPI().info(new Info()
                .title("Consenti API")
                .version("v1")
                .description("""
                        Lawful telephone canvassing in France: consent ledger, per-call decisions, opposition \
                        registry. Errors are RFC 9457 problems (application/problem+json) with a stable `code`.""")
                .license(new License().name("Open source")));
    }
}
