package fr.consenti.server.accounts;

import fr.consenti.server.audit.AuditLog;
import fr.consenti.server.outbox.Outbox;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.context.MessageSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Invitations: how staff get an account. The role and the company of an invitation are always the inviter's (a
 * professional's staff invite into their professional, a call centre's into their call centre), or fixed by who may
 * invite (the registry operator: the first staff of a call centre it registered; the command line: registry operator
 * staff and authority agents). Nothing the invitee sends chooses either: accepting takes a password only. A link is a
 * random token whose SHA-256 alone is stored, used once, valid {@link #VALIDITY}; inviting the same address into the
 * same company again replaces the earlier link. Every invitation, revocation and acceptance is in the audit log, in
 * the transaction that makes it, with its mail queued in the outbox.
 */
@Component
public final class Invitations {

    public static final Duration VALIDITY = Duration.ofDays(7);

    /** The roles the command line may invite: the registry's and the authorities' staff, who have no company. */
    public static final List<Role> BOOTSTRAP_ROLES = List.of(Role.OPERATOR, Role.AUTHORITY);

    /** What following a link finds. */
    public enum Status { VALID, ACCEPTED, UNKNOWN, EXPIRED, ALREADY_USED, REVOKED, EMAIL_TAKEN }

    /** An invitation row. */
    public record Invitation(long id, String email, Role role, Long professionalId, Long callCentreId,
                             String invitedBy, OffsetDateTime createdAt, OffsetDateTime expiresAt,
                             OffsetDateTime acceptedAt, OffsetDateTime revokedAt) {

        boolean pendingAt(OffsetDateTime now) {
            return acceptedAt == null && revokedAt == null && expiresAt.isAfter(now);
        }
    }

    /** An invitation just made: its link (shown to the command line's user only; pages never show it). */
    public record Sent(Invitation invitation, String link) {
    }

    /** What a link shows before it is accepted: the status, and when valid who invites into what. */
    public record Preview(Status status, Invitation invitation, String company) {
    }

    /** The outcome of accepting: the new person when accepted, else the status, or the password's problems. */
    public record Acceptance(Status status, Person person, Map<String, List<String>> errors) {
    }

    private static final String COLUMNS = "id, email, role, professional_id, call_centre_id, invited_by, created_at, "
            + "expires_at, accepted_at, revoked_at";

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Outbox outbox;
    private final AuditLog audit;
    private final MessageSource messages;
    private final TransactionTemplate transactions;
    private final PasswordEncoder passwords;
    private final People people;
    private final SecureRandom random = new SecureRandom();

    Invitations(JdbcClient jdbc, Clock clock, Outbox outbox, AuditLog audit, MessageSource messages,
                TransactionTemplate transactions, PasswordEncoder passwords, People people) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.outbox = outbox;
        this.audit = audit;
        this.messages = messages;
        this.transactions = transactions;
        this.passwords = passwords;
        this.people = people;
    }

    /** Invitations on a database outside the application, for the command-line tool (one connection, no Spring). */
    public static Invitations standalone(DataSource database, Clock clock, MessageSource messages) {
        JdbcClient jdbc = JdbcClient.create(database);
        TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(database));
        PasswordEncoder passwords = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        return new Invitations(jdbc, clock, Outbox.standalone(jdbc, clock),
                AuditLog.standalone(jdbc, clock, transactions), messages, transactions, passwords,
                new People(jdbc, clock, passwords));
    }

    /**
     * A signed-in PROFESSIONAL or CALL_CENTRE person invites a colleague: the invitation takes the inviter's role and
     * company, nothing else. Anyone else (or a CALL_CENTRE person linked to no call centre) is refused.
     */
    public Sent inviteColleague(SignedInPerson inviter, String email, String baseUrl, Locale locale) {
        String actor = "person:" + inviter.personId();
        return switch (inviter.role()) {
            case PROFESSIONAL -> create(Role.PROFESSIONAL, requireCompany(inviter.professionalId()), null, email,
                    actor, baseUrl, locale);
            case CALL_CENTRE -> create(Role.CALL_CENTRE, null, requireCompany(inviter.callCentreId()), email, actor,
                    baseUrl, locale);
            default -> throw AccountProblems.of(org.springframework.http.HttpStatus.FORBIDDEN, "FORBIDDEN",
                    "Only a professional's or a call centre's staff invite colleagues.");
        };
    }

    /** The registry operator invites a staff member of a call centre it registered (the first one, typically). */
    public Sent inviteCallCentreStaff(long callCentreId, String email, String actor, String baseUrl, Locale locale) {
        return create(Role.CALL_CENTRE, null, callCentreId, email, actor, baseUrl, locale);
    }

    /** The command line invites registry operator staff or an authority agent: the roles without a company. */
    public Sent inviteRegistryStaff(Role role, String email, String actor, String baseUrl, Locale locale) {
        if (!BOOTSTRAP_ROLES.contains(role)) {
            throw AccountProblems.validation(List.of(new AccountProblems.FieldProblem("role",
                    "must be OPERATOR or AUTHORITY: a professional's or a call centre's staff are invited by their "
                            + "colleagues (or, for a call centre's first, by the registry operator)")));
        }
        return create(role, null, null, email, actor, baseUrl, locale);
    }

    /** Whether a person already has this address (for the command line, whose user runs the registry). */
    public boolean accountExists(String email) {
        return jdbc.sql("select count(*) from person where email = ?").param(People.normaliseEmail(email))
                .query(Long.class).single() > 0;
    }

    private static long requireCompany(Long id) {
        if (id == null) {
            throw AccountProblems.of(org.springframework.http.HttpStatus.FORBIDDEN, "FORBIDDEN",
                    "Your account is not linked to a company: nobody can be invited into it.");
        }
        return id;
    }

    private Sent create(Role role, Long professionalId, Long callCentreId, String email, String actor,
                        String baseUrl, Locale locale) {
        String address = People.normaliseEmail(email == null ? "" : email);
        if (address.isEmpty() || address.length() > 254 || !SignUpController.EMAIL.matcher(address).matches()) {
            throw AccountProblems.validation(List.of(new AccountProblems.FieldProblem("email",
                    "is not an email address")));
        }
        String token = newToken();
        return transactions.execute(status -> {
            String company = company(role, professionalId, callCentreId, locale)
                    .orElseThrow(() -> AccountProblems.validation(List.of(new AccountProblems.FieldProblem(
                            role == Role.CALL_CENTRE ? "callCentre" : "professional", "does not exist"))));
            OffsetDateTime now = now();
            // One live link per address and company: the new one replaces any earlier one.
            List<Long> replaced = jdbc.sql("select id from invitation where email = ? and role = ?"
                            + " and coalesce(professional_id, -1) = ? and coalesce(call_centre_id, -1) = ?"
                            + " and accepted_at is null and revoked_at is null")
                    .params(address, role.name(), professionalId == null ? -1L : professionalId,
                            callCentreId == null ? -1L : callCentreId)
                    .query(Long.class).list();
            for (long old : replaced) {
                jdbc.sql("update invitation set revoked_at = ? where id = ?").params(now, old).update();
                audit.append(actor, "INVITATION_REPLACED", "invitation:" + old, null);
            }
            KeyHolder generated = new GeneratedKeyHolder();
            jdbc.sql("""
                            insert into invitation (token_sha256, email, role, professional_id, call_centre_id,
                                                    invited_by, created_at, expires_at)
                            values (?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(ApiKeys.sha256Hex(token), address, role.name(), professionalId, callCentreId, actor, now,
                            now.plus(VALIDITY))
                    .update(generated, "id");
            long id = generated.getKeyAs(Long.class);
            audit.append(actor, "INVITATION_SENT", "invitation:" + id, "role=" + role.name()
                    + (professionalId != null ? ", professional=" + professionalId : "")
                    + (callCentreId != null ? ", callCentre=" + callCentreId : "") + ", email=" + address);
            String link = baseUrl + "/invitation?token=" + token;
            String expires = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm", locale)
                    .format(now.plus(VALIDITY).atZoneSameInstant(ZoneId.of("Europe/Paris")));
            outbox.mail(address, text("mail.invite.subject", locale, company),
                    text("mail.invite.body", locale, company, text("role." + role.name(), locale), link, expires));
            return new Sent(find(id).orElseThrow(), link);
        });
    }

    /** What the link leads to, without changing anything. */
    public Preview preview(String token, Locale locale) {
        Invitation invitation = byToken(token, false).orElse(null);
        Status status = status(invitation);
        return new Preview(status, status == Status.VALID ? invitation : null,
                status == Status.VALID ? company(invitation.role(), invitation.professionalId(),
                        invitation.callCentreId(), locale).orElse("") : null);
    }

    /**
     * Accepts an invitation: creates the person with the invitation's address, role and company (the link proved the
     * address: it is verified now) and the password chosen here, once.
     */
    public Acceptance accept(String token, String password, String confirmation) {
        try {
            return transactions.execute(status -> {
                Invitation invitation = byToken(token, true).orElse(null);
                Status found = status(invitation);
                if (found != Status.VALID) {
                    return new Acceptance(found, null, Map.of());
                }
                Map<String, List<String>> errors = new LinkedHashMap<>();
                List<String> problems = new ArrayList<>(PasswordPolicy.problems(invitation.email(), password));
                if (!problems.isEmpty()) {
                    errors.put("password", problems);
                } else if (!password.equals(confirmation)) {
                    errors.put("confirmation", List.of("signup.error.confirmation"));
                }
                if (!errors.isEmpty()) {
                    return new Acceptance(Status.VALID, null, errors);
                }
                OffsetDateTime now = now();
                Person person = people.createInvited(invitation.email(), passwords.encode(password), invitation.role(),
                        invitation.professionalId(), invitation.callCentreId());
                jdbc.sql("update invitation set accepted_at = ?, person_id = ? where id = ?")
                        .params(now, person.id(), invitation.id()).update();
                audit.append("person:" + person.id(), "INVITATION_ACCEPTED", "invitation:" + invitation.id(),
                        "person=" + person.id() + ", role=" + person.role().name()
                                + (person.professionalId() != null ? ", professional=" + person.professionalId() : "")
                                + (person.callCentreId() != null ? ", callCentre=" + person.callCentreId() : ""));
                return new Acceptance(Status.ACCEPTED, person, Map.of());
            });
        } catch (DuplicateKeyException raced) {
            // The address got an account between the check and the insert.
            return new Acceptance(Status.EMAIL_TAKEN, null, Map.of());
        }
    }

    /** The invitations into this professional still waiting for an answer, newest first. */
    public List<Invitation> pendingForProfessional(long professionalId) {
        return pending("professional_id", professionalId);
    }

    /** The invitations into this call centre still waiting for an answer, newest first. */
    public List<Invitation> pendingForCallCentre(long callCentreId) {
        return pending("call_centre_id", callCentreId);
    }

    /**
     * Revokes a pending invitation of the inviter's own company; another company's (or an unknown one) is answered as
     * not found, so that ids tell nothing.
     */
    public void revoke(SignedInPerson by, long invitationId) {
        transactions.executeWithoutResult(status -> {
            Invitation invitation = find(invitationId).orElse(null);
            boolean own = invitation != null && invitation.role() == by.role() && switch (by.role()) {
                case PROFESSIONAL -> invitation.professionalId() != null
                        && invitation.professionalId().equals(by.professionalId());
                case CALL_CENTRE -> invitation.callCentreId() != null
                        && invitation.callCentreId().equals(by.callCentreId());
                default -> false;
            };
            if (!own || !invitation.pendingAt(now())) {
                throw AccountProblems.of(org.springframework.http.HttpStatus.NOT_FOUND, "INVITATION_NOT_FOUND",
                        "No such pending invitation.");
            }
            jdbc.sql("update invitation set revoked_at = ? where id = ? and revoked_at is null")
                    .params(now(), invitationId).update();
            audit.append("person:" + by.personId(), "INVITATION_REVOKED", "invitation:" + invitationId, null);
        });
    }

    public Optional<Invitation> find(long id) {
        return jdbc.sql("select " + COLUMNS + " from invitation where id = ?").param(id).query(Invitations::map)
                .optional();
    }

    private List<Invitation> pending(String column, long companyId) {
        return jdbc.sql("select " + COLUMNS + " from invitation where " + column + " = ? and accepted_at is null"
                        + " and revoked_at is null and expires_at > ? order by created_at desc, id desc")
                .params(companyId, now()).query(Invitations::map).list();
    }

    private Optional<Invitation> byToken(String token, boolean lock) {
        if (token == null || token.isBlank() || token.length() > 100) {
            return Optional.empty();
        }
        return jdbc.sql("select " + COLUMNS + " from invitation where token_sha256 = ?" + (lock ? " for update" : ""))
                .param(ApiKeys.sha256Hex(token.strip())).query(Invitations::map).optional();
    }

    private Status status(Invitation invitation) {
        if (invitation == null) {
            return Status.UNKNOWN;
        }
        if (invitation.acceptedAt() != null) {
            return Status.ALREADY_USED;
        }
        if (invitation.revokedAt() != null) {
            return Status.REVOKED;
        }
        if (!invitation.expiresAt().isAfter(now())) {
            return Status.EXPIRED;
        }
        if (accountExists(invitation.email())) {
            return Status.EMAIL_TAKEN;
        }
        return Status.VALID;
    }

    /** How the mail and the page name what the invitee joins. */
    private Optional<String> company(Role role, Long professionalId, Long callCentreId, Locale locale) {
        return switch (role) {
            case PROFESSIONAL -> jdbc.sql("select name, siren from professional where id = ?").param(professionalId)
                    .query((rs, row) -> rs.getString("name") + " (SIREN " + rs.getString("siren") + ")").optional();
            case CALL_CENTRE -> jdbc.sql("select name, siren from call_centre where id = ?").param(callCentreId)
                    .query((rs, row) -> rs.getString("name") + " (SIREN " + rs.getString("siren") + ")").optional();
            case OPERATOR -> Optional.of(text("invitation.company.OPERATOR", locale));
            case AUTHORITY -> Optional.of(text("invitation.company.AUTHORITY", locale));
            case CONSUMER -> Optional.empty();
        };
    }

    private static Invitation map(ResultSet rs, int row) throws SQLException {
        return new Invitation(rs.getLong("id"), rs.getString("email"), Role.valueOf(rs.getString("role")),
                rs.getObject("professional_id", Long.class), rs.getObject("call_centre_id", Long.class),
                rs.getString("invited_by"), rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("expires_at", OffsetDateTime.class), rs.getObject("accepted_at", OffsetDateTime.class),
                rs.getObject("revoked_at", OffsetDateTime.class));
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
