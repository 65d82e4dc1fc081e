package fr.consenti.server.testsupport;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A real SMTP server (GreenMail) for the integration tests, one per JVM on a free port, which the application is
 * pointed at. The outbox's scheduled sender is slowed to once an hour so that tests send when they choose
 * (OutboxSender.sendPending) and read the result at once, without waiting.
 */
public final class TestMail {

    private static GreenMail server;

    private TestMail() {
    }

    public static synchronized GreenMail server() {
        if (server == null) {
            server = new GreenMail(new ServerSetup(3025, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        }
        return server;
    }

    /** A received mail, read: recipient, subject and text body. */
    public record Received(String to, String subject, String body) {
    }

    /** The mails received for {@code recipient}, oldest first. */
    public static List<Received> to(String recipient) {
        List<Received> received = new ArrayList<>();
        for (MimeMessage message : server().getReceivedMessages()) {
            try {
                for (var address : message.getRecipients(Message.RecipientType.TO)) {
                    if (address.toString().equalsIgnoreCase(recipient)) {
                        received.add(new Received(recipient, message.getSubject(), GreenMailUtil.getBody(message)));
                    }
                }
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }
        return received;
    }

    /** Points the application's SMTP settings at the test server. */
    public static final class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            TestPropertyValues.of(Map.of(
                    "consenti.smtp.host", "127.0.0.1",
                    "consenti.smtp.port", Integer.toString(server().getSmtp().getPort()),
                    "consenti.outbox.poll", "PT1H")).applyTo(context);
        }
    }
}
