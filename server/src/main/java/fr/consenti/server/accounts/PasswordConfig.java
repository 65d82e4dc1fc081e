package fr.consenti.server.accounts;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Passwords are hashed by Spring's delegating encoder: each hash names its algorithm ({bcrypt}…), so a stronger
 * default later re-hashes nothing at once and still reads every old hash. bcrypt rather than argon2 because
 * Spring's argon2 needs BouncyCastle, a large dependency for the same protection at these password lengths.
 */
@Configuration(proxyBeanMethods = false)
class PasswordConfig {

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }
}
