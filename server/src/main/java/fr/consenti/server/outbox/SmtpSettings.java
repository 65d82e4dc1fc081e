package fr.consenti.server.outbox;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The SMTP server mails go out through: CONSENTI_SMTP_HOST, CONSENTI_SMTP_PORT, CONSENTI_SMTP_USERNAME,
 * CONSENTI_SMTP_PASSWORD, CONSENTI_SMTP_STARTTLS, CONSENTI_SMTP_FROM. Without a host, nothing is sent and mails
 * wait in the outbox (the demo shows them at /demo/outbox).
 */
@ConfigurationProperties("consenti.smtp")
record SmtpSettings(String host, @DefaultValue("25") int port, String username, String password,
                    @DefaultValue("false") boolean starttls,
                    @DefaultValue("Consenti <no-reply@consenti.invalid>") String from) {

    boolean configured() {
        return host != null && !host.isBlank();
    }
}
