package fr.consenti.server.accounts;

import fr.consenti.server.audit.AuditLog;
import fr.consenti.server.outbox.Outbox;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Consumer sign-up and email verification. Each step changes the person, queues its mail and writes its audit
 * event in one transaction. A sign-up with an address that already has a verified account does not say so on the
 * page (that would tell anyone which addresses have accounts): the owner gets a mail instead.
 */
@Service
class SignUps { // not final: the transaction proxy subclasses it

    static final Duration LINK_VALIDITY = Duration.ofHours(24);

    enum Verification { VERIFIED, UNKNOWN, EXPIRED, ALREADY_USED }

    private final People people;
    private final JdbcClient jdbc;
    private final PasswordEncoder passwords;
    private final Outbox outbox;
    private final AuditLog audit;
    private final MessageSource messages;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    SignUps(People people, JdbcClient jdbc, PasswordEncoder passwords, Outbox outbox, AuditLog audit,
            MessageSource messages, Clock clock) {
        this.people = people;
        this.jdbc = jdbc;
        this.passwords = passwords;
        this.outbox = outbox;
        this.audit = audit;
        this.messages = messages;
        this.clock = clock;
    }

    /** Signs a consumer up (or again, while unverified) and mails the verification link built on {@code baseUrl}. */
    @Transactional
    public void signUp(String email, String password, String baseUrl, Locale locale) {
        String address = People.normaliseEmail(email);
        Person person = people.findByEmail(address).orElse(null);
        if (person != null && person.verified()) {
            outbox.mail(address, text("mail.exists.subject", locale),
                    text("mail.exists.body", locale, baseUrl + "/login"));
            audit.append("anonymous", "SIGN_UP_FOR_EXISTING_ACCOUNT", "person:" + person.id(), null);
            return;
        }
        String hash = passwords.encode(password);
        if (person == null) {
            person = people.create(address, password, Role.CONSUMER, null, false);
            audit.append("anonymous", "PERSON_SIGNED_UP", "person:" + person.id(), "role=CONSUMER");
        } else {
            audit.append("anonymous", "SIGN_UP_REPEATED", "person:" + person.id(), null);
        }
        String token = newToken();
        OffsetDateTime now = now();
        jdbc.sql("""
                        insert into email_verification (token_sha256, person_id, password_hash, created_at, expires_at)
                        values (?, ?, ?, ?, ?)""")
                .params(ApiKeys.sha256Hex(token), person.id(), hash, now, now.plus(LINK_VALIDITY))
                .update();
        outbox.mail(address, text("mail.verify.subject", locale),
                text("mail.verify.body", locale, baseUrl + "/verify-email?token=" + token));
    }

    /** Verifies the address the link was sent to, and installs the password chosen with that link. */
    @Transactional
    public Verification verify(String token) {
        if (token == null || token.isBlank()) {
            return Verification.UNKNOWN;
        }
        record Link(long personId, String passwordHash, OffsetDateTime expiresAt, OffsetDateTime usedAt) {
        }
        Link link = jdbc.sql("""
                        select person_id, password_hash, expires_at, used_at from email_verification
                        where token_sha256 = ? for update""")
                .param(ApiKeys.sha256Hex(token.strip()))
                .query((rs, row) -> new Link(rs.getLong("person_id"), rs.getString("password_hash"),
                        rs.getObject("expires_at", OffsetDateTime.class), rs.getObject("used_at", OffsetDateTime.class)))
                .optional().orElse(null);
        if (link == null) {
            return Verification.UNKNOWN;
        }
        if (link.usedAt() != null) {
            return Verification.ALREADY_USED;
        }
        OffsetDateTime now = now();
        if (!link.expiresAt().isAfter(now)) {
            return Verification.EXPIRED;
        }
        jdbc.sql("update email_verification set used_at = ? where token_sha256 = ?")
                .params(now, ApiKeys.sha256Hex(token.strip())).update();
        jdbc.sql("update person set password_hash = ? where id = ?").params(link.passwordHash(), link.personId()).update();
        if (people.markVerified(link.personId())) {
            audit.append("person:" + link.personId(), "EMAIL_VERIFIED", "person:" + link.personId(), null);
        }
        return Verification.VERIFIED;
    }

    private String newToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private String text(String key, Locale locale, Object... args) {
        return messages.getMessage(key, args, locale);
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock.withZone(ZoneOffset.UTC));
    }
}
