package fr.consenti.server.outbox;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The SMS sender of the demo and the tests: the SMS is an outbox row of kind SMS, never sent to a phone. */
final class OutboxSmsSender implements SmsSender {

    private final Outbox outbox;

    OutboxSmsSender(Outbox outbox) {
        this.outbox = outbox;
    }

    @Override
    public void send(String e164, String text) {
        outbox.insert(OutboxMail.Kind.SMS, e164, "SMS", text);
    }

    /** Used only when no real gateway is configured as an SmsSender bean. */
    @Configuration(proxyBeanMethods = false)
    static class Fallback {

        @Bean
        @ConditionalOnMissingBean(SmsSender.class)
        SmsSender outboxSmsSender(Outbox outbox) {
            return new OutboxSmsSender(outbox);
        }
    }
}
