package fr.consenti.server.accounts;

import fr.consenti.server.audit.AuditLog;
import fr.consenti.server.complaints.ComplaintSector;
import fr.consenti.server.outbox.Outbox;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A professional's sign-up: the company (SIREN with its Luhn check, name, sector) and its first PROFESSIONAL person,
 * created only when the address is verified through the link mailed through the outbox, as a consumer's is. A SIREN
 * already registered is refused on its field; it is public, so saying so tells nothing private. An address that
 * already has an account is not refused on the page (that would tell anyone which addresses have accounts): its owner
 * gets a mail instead. A real deployment would also check the SIREN against INSEE's directory (README).
 */
@Component
final class ProSignUps {

    /** The sectors a professional chooses from: those of complaints, with the same labels. */
    static final List<String> SECTORS = Arrays.stream(ComplaintSector.values()).map(Enum::name).toList();

    enum Verification { VERIFIED, UNKNOWN, EXPIRED, ALREADY_USED, SIREN_TAKEN, EMAIL_TAKEN }

    /** The form as sent. */
    record Form(String siren, String name, String sector, String email, String password, String confirmation) {
    }

    private final JdbcClient jdbc;
    private final Professionals professionals;
    private final People people;
    private final PasswordEncoder passwords;
    private final Outbox outbox;
    private final AuditLog audit;
    private final MessageSource messages;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    ProSignUps(JdbcClient jdbc, Professionals professionals, People people, PasswordEncoder passwords, Outbox outbox,
               AuditLog audit, MessageSource messages, TransactionTemplate transactions, Clock clock) {
        this.jdbc = jdbc;
        this.professionals = professionals;
        this.people = people;
        this.passwords = passwords;
        this.outbox = outbox;
        this.audit = audit;
        this.messages = messages;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Checks the form; returns each bad field with its message keys, empty when it may go on. */
    Map<String, List<String>> check(Form form) {
        Map<String, List<String>> errors = new LinkedHashMap<>();
        String siren = sirenDigits(form.siren());
        if (siren.isEmpty()) {
            errors.put("siren", List.of("signupPro.error.sirenRequired"));
        } else if (!Siren.isValid(siren)) {
            errors.put("siren", List.of("signupPro.error.sirenInvalid"));
        } else if (professionals.findBySiren(new Siren(siren)).isPresent()) {
            errors.put("siren", List.of("signupPro.error.sirenTaken"));
        }
        String name = form.name() == null ? "" : form.name().strip();
        if (name.isEmpty() || name.length() > CallCentres.MAX_NAME || name.chars().anyMatch(Character::isISOControl)) {
            errors.put("name", List.of("signupPro.error.name"));
        }
        if (form.sector() == null || !SECTORS.contains(form.sector())) {
            errors.put("sector", List.of("signupPro.error.sector"));
        }
        String address = People.normaliseEmail(form.email() == null ? "" : form.email());
        if (address.length() > 254 || !SignUpController.EMAIL.matcher(address).matches()) {
            errors.put("email", List.of("signup.error.email"));
        }
        List<String> passwordProblems = PasswordPolicy.problems(address, form.password());
        if (!passwordProblems.isEmpty()) {
            errors.put("password", passwordProblems);
        } else if (!form.password().equals(form.confirmation())) {
            errors.put("confirmation", List.of("signup.error.confirmation"));
        }
        return errors;
    }

    static String sirenDigits(String siren) {
        return siren == null ? "" : siren.replaceAll("[\\s.\\u00a0-]", "");
    }

    /** Records a checked sign-up and mails its link (or, for an address with an account, tells its owner). */
    void signUp(Form form, String baseUrl, Locale locale) {
        String address = People.normaliseEmail(form.email());
        String siren = sirenDigits(form.siren());
        String name = form.name().strip();
        String token = newToken();
        transactions.executeWithoutResult(status -> {
            if (people.exists(address)) {
                outbox.mail(address, text("mail.proExists.subject", locale),
                        text("mail.proExists.body", locale, baseUrl + "/login"));
                audit.append("anonymous", "PRO_SIGN_UP_FOR_EXISTING_ACCOUNT", "siren:" + siren, null);
                return;
            }
            OffsetDateTime now = now();
            jdbc.sql("""
                            insert into professional_sign_up (token_sha256, siren, name, sector, email, password_hash,
                                                              created_at, expires_at)
                            values (?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(ApiKeys.sha256Hex(token), siren, name, form.sector(), address,
                            passwords.encode(form.password()), now, now.plus(SignUps.LINK_VALIDITY))
                    .update();
            audit.append("anonymous", "PRO_SIGN_UP_REQUESTED", "siren:" + siren, "name=" + name + ", sector="
                    + form.sector());
            outbox.mail(address, text("mail.verifyPro.subject", locale),
                    text("mail.verifyPro.body", locale, name, siren, baseUrl + "/verify-pro?token=" + token));
        });
    }

    /** Follows a link: creates the professional and its first person, if the SIREN and the address are still free. */
    Verification verify(String token) {
        if (token == null || token.isBlank() || token.length() > 100) {
            return Verification.UNKNOWN;
        }
        String hash = ApiKeys.sha256Hex(token.strip());
        record Pending(String siren, String name, String sector, String email, String passwordHash,
                       OffsetDateTime expiresAt, OffsetDateTime usedAt) {
        }
        try {
            return transactions.execute(status -> {
                Pending pending = jdbc.sql("""
                                select siren, name, sector, email, password_hash, expires_at, used_at
                                from professional_sign_up where token_sha256 = ? for update""")
                        .param(hash)
                        .query((rs, row) -> new Pending(rs.getString("siren"), rs.getString("name"),
                                rs.getString("sector"), rs.getString("email"), rs.getString("password_hash"),
                                rs.getObject("expires_at", OffsetDateTime.class),
                                rs.getObject("used_at", OffsetDateTime.class)))
                        .optional().orElse(null);
                if (pending == null) {
                    return Verification.UNKNOWN;
                }
                if (pending.usedAt() != null) {
                    return Verification.ALREADY_USED;
                }
                OffsetDateTime now = now();
                if (!pending.expiresAt().isAfter(now)) {
                    return Verification.EXPIRED;
                }
                Siren siren = new Siren(pending.siren());
                if (professionals.findBySiren(siren).isPresent()) {
                    return Verification.SIREN_TAKEN;
                }
                if (people.exists(pending.email())) {
                    return Verification.EMAIL_TAKEN;
                }
                Professional professional = professionals.create(siren, pending.name(), pending.sector());
                Person person = people.createInvited(pending.email(), pending.passwordHash(), Role.PROFESSIONAL,
                        professional.id(), null);
                jdbc.sql("update professional_sign_up set used_at = ?, professional_id = ? where token_sha256 = ?")
                        .params(now, professional.id(), hash).update();
                audit.append("person:" + person.id(), "PROFESSIONAL_SIGNED_UP", "professional:" + professional.id(),
                        "siren=" + siren + ", name=" + pending.name() + ", sector=" + pending.sector());
                audit.append("person:" + person.id(), "PERSON_SIGNED_UP", "person:" + person.id(),
                        "role=PROFESSIONAL, professional=" + professional.id());
                audit.append("person:" + person.id(), "EMAIL_VERIFIED", "person:" + person.id(), null);
                return Verification.VERIFIED;
            });
        } catch (DuplicateKeyException raced) {
            // Another sign-up of the same SIREN (or address) was verified at the same moment: it won.
            return Verification.SIREN_TAKEN;
        }
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
