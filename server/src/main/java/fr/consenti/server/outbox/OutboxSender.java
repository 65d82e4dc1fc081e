package fr.consenti.server.outbox;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Delivers the outbox's mails over SMTP, oldest first, every {@code consenti.outbox.poll} (PT10S). Each row is
 * claimed before it is sent, so that two nodes never send it twice; a failure is recorded and retried later,
 * waiting a minute more after each attempt, up to {@value #MAX_ATTEMPTS} attempts. Delivery is at least once:
 * a node that dies between sending and marking sends that mail again after the claim runs out.
 */
@Component
@EnableScheduling
@EnableConfigurationProperties(SmtpSettings.class)
public final class OutboxSender {

    static final int MAX_ATTEMPTS = 10;
    static final int BATCH = 50;
    static final Duration CLAIM = Duration.ofMinutes(1);

    private static final Logger log = LoggerFactory.getLogger(OutboxSender.class);

    private final JdbcClient jdbc;
    private final Clock clock;
    private final SmtpSettings settings;
    private final JavaMailSenderImpl smtp;
    private final Outbox outbox;

    OutboxSender(JdbcClient jdbc, Clock clock, SmtpSettings settings, Outbox outbox) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.clock = clock;
        this.settings = settings;
        this.smtp = settings.configured() ? smtp(settings) : null;
        if (smtp == null) {
            log.info("No SMTP server configured (CONSENTI_SMTP_HOST): mails stay in the outbox, unsent.");
        }
    }

    private static JavaMailSenderImpl smtp(SmtpSettings settings) {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost(settings.host());
        sender.setPort(settings.port());
        sender.setUsername(settings.username());
        sender.setPassword(settings.password());
        sender.setDefaultEncoding(StandardCharsets.UTF_8.name());
        Properties properties = sender.getJavaMailProperties();
        properties.put("mail.smtp.auth", Boolean.toString(settings.username() != null));
        properties.put("mail.smtp.starttls.enable", Boolean.toString(settings.starttls()));
        properties.put("mail.smtp.starttls.required", Boolean.toString(settings.starttls()));
        properties.put("mail.smtp.connectiontimeout", "10000");
        properties.put("mail.smtp.timeout", "10000");
        properties.put("mail.smtp.writetimeout", "10000");
        return sender;
    }

    @Scheduled(initialDelayString = "${consenti.outbox.poll:PT10S}", fixedDelayString = "${consenti.outbox.poll:PT10S}")
    void scheduled() {
        sendPending();
    }

    /** Sends what is due now; returns how many mails were sent. Does nothing without an SMTP server. */
    public int sendPending() {
        if (smtp == null) {
            return 0;
        }
        OffsetDateTime now = now();
        List<OutboxMail> due = jdbc.sql("select " + Outbox.COLUMNS + """
                         from outbox_mail
                        where kind = 'EMAIL' and sent_at is null and attempts < ?
                          and (claimed_until is null or claimed_until <= ?)
                        order by id fetch first ? rows only""")
                .params(MAX_ATTEMPTS, now, BATCH)
                .query(OutboxMail.class)
                .list();
        int sent = 0;
        for (OutboxMail mail : due) {
            if (claim(mail, now)) {
                sent += send(mail) ? 1 : 0;
            }
        }
        return sent;
    }

    private boolean claim(OutboxMail mail, OffsetDateTime now) {
        // The claim also counts the attempt and sets when a retry may happen, should this one fail.
        OffsetDateTime retryAt = now.plus(CLAIM.multipliedBy(mail.attempts() + 1L));
        return jdbc.sql("""
                        update outbox_mail set claimed_until = ?, attempts = attempts + 1
                        where id = ? and sent_at is null and attempts = ?""")
                .params(retryAt, mail.id(), mail.attempts())
                .update() == 1;
    }

    private boolean send(OutboxMail mail) {
        try {
            MimeMessage message = smtp.createMimeMessage();
            List<Outbox.Attachment> attachments = outbox.attachments(mail.id());
            MimeMessageHelper helper = new MimeMessageHelper(message, !attachments.isEmpty(),
                    StandardCharsets.UTF_8.name());
            helper.setFrom(new InternetAddress(settings.from()));
            helper.setTo(mail.recipient());
            helper.setSubject(mail.subject());
            helper.setText(mail.body(), false);
            for (Outbox.Attachment attachment : attachments) {
                helper.addAttachment(attachment.filename(), new ByteArrayResource(attachment.content()),
                        attachment.contentType());
            }
            smtp.send(message);
        } catch (MailException | MessagingException e) {
            log.warn("Mail {} to the outbox's recipient not sent (attempt {}): {}", mail.id(), mail.attempts() + 1,
                    e.getMessage());
            jdbc.sql("update outbox_mail set last_error = ? where id = ?")
                    .params(truncate(e.getMessage()), mail.id()).update();
            return false;
        }
        jdbc.sql("update outbox_mail set sent_at = ?, last_error = null where id = ?").params(now(), mail.id()).update();
        return true;
    }

    private static String truncate(String message) {
        String text = message == null ? "failed" : message;
        return text.length() <= 1000 ? text : text.substring(0, 1000);
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock.withZone(ZoneOffset.UTC));
    }
}
