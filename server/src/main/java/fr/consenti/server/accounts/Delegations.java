package fr.consenti.server.accounts;

import fr.consenti.server.audit.AuditLog;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delegations from professionals to call centres: granted and revoked by the professional only, each change in the
 * audit log in the same transaction. A revocation takes effect at once: every request under a delegation key reads
 * its delegation again ({@link #find}), on every node.
 */
@Component
public final class Delegations {

    /** A revocation, for whoever caches what depends on the delegation. */
    public record Revoked(long delegationId) {
    }

    private static final String SELECT = """
            select d.id, d.professional_id, d.call_centre_id, c.siren, c.name, d.purposes, d.valid_from, d.valid_until,
                   d.created_at, d.revoked_at
            from delegation d join call_centre c on c.id = d.call_centre_id""";

    private final JdbcClient jdbc;
    private final Clock clock;
    private final AuditLog audit;
    private final CallCentres callCentres;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;

    Delegations(JdbcClient jdbc, Clock clock, AuditLog audit, CallCentres callCentres, TransactionTemplate transactions,
                ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.audit = audit;
        this.callCentres = callCentres;
        this.transactions = transactions;
        this.events = events;
    }

    /** What a professional asks for; purposes null or empty together with allPurposes true means every purpose. */
    public record Grant(String callCentreSiren, List<String> purposes, Boolean allPurposes, String validFrom,
                        String validUntil) {
    }

    /** Checks and records a delegation of {@code professionalId}; every bad field is named. */
    public Delegation grant(long professionalId, Grant grant, String actor) {
        Instant now = now();
        List<AccountProblems.FieldProblem> errors = new ArrayList<>();
        CallCentre callCentre = null;
        String siren = grant.callCentreSiren() == null ? "" : grant.callCentreSiren().replaceAll("\\s", "");
        if (siren.isEmpty()) {
            errors.add(new AccountProblems.FieldProblem("callCentreSiren", "is required"));
        } else if (!Siren.isValid(siren)) {
            errors.add(new AccountProblems.FieldProblem("callCentreSiren",
                    "is not a SIREN: 9 digits whose Luhn check holds"));
        } else {
            callCentre = callCentres.findBySiren(new Siren(siren)).orElse(null);
            if (callCentre == null) {
                errors.add(new AccountProblems.FieldProblem("callCentreSiren",
                        "no call centre with this SIREN is registered with Consenti"));
            }
        }
        List<String> purposes = purposes(professionalId, grant, errors);
        Instant validFrom = now;
        if (grant.validFrom() != null && !grant.validFrom().isBlank()) {
            validFrom = time("validFrom", grant.validFrom(), errors);
            if (validFrom != null && validFrom.isBefore(now)) {
                errors.add(new AccountProblems.FieldProblem("validFrom",
                        "must not be in the past: a delegation cannot cover what was already done (server time "
                                + now + ")"));
            }
        }
        Instant validUntil = null;
        if (grant.validUntil() != null && !grant.validUntil().isBlank()) {
            validUntil = time("validUntil", grant.validUntil(), errors);
            if (validUntil != null && validFrom != null && !validUntil.isAfter(validFrom)) {
                errors.add(new AccountProblems.FieldProblem("validUntil", "must be after validFrom"));
            }
        }
        if (!errors.isEmpty()) {
            throw AccountProblems.validation(errors);
        }
        long callCentreId = callCentre.id();
        Instant from = validFrom;
        Instant until = validUntil;
        return transactions.execute(status -> {
            KeyHolder generated = new GeneratedKeyHolder();
            jdbc.sql("""
                            insert into delegation (professional_id, call_centre_id, purposes, valid_from, valid_until,
                                                    created_at)
                            values (?, ?, ?, ?, ?, ?)""")
                    .params(professionalId, callCentreId, purposes == null ? null : String.join(",", purposes),
                            utc(from), utc(until), utc(now))
                    .update(generated, "id");
            long id = generated.getKeyAs(Long.class);
            audit.append(actor, "DELEGATION_GRANTED", "delegation:" + id, "professional=" + professionalId
                    + ", callCentre=" + siren + ", purposes=" + (purposes == null ? "ALL" : String.join(",", purposes))
                    + ", validFrom=" + from + ", validUntil=" + (until == null ? "-" : until));
            return find(id).orElseThrow();
        });
    }

    private List<String> purposes(long professionalId, Grant grant, List<AccountProblems.FieldProblem> errors) {
        boolean all = Boolean.TRUE.equals(grant.allPurposes());
        List<String> asked = grant.purposes() == null ? List.of()
                : grant.purposes().stream().map(p -> p == null ? "" : p.strip()).toList();
        if (all && !asked.isEmpty()) {
            errors.add(new AccountProblems.FieldProblem("purposes",
                    "give either allPurposes true or a list of purposes, not both"));
            return null;
        }
        if (all) {
            return null;
        }
        if (asked.isEmpty()) {
            errors.add(new AccountProblems.FieldProblem("purposes",
                    "is required: the purpose codes the call centre may act for (or allPurposes true)"));
            return List.of();
        }
        Set<String> defined = Set.copyOf(jdbc.sql("select code from purpose where professional_id = ?")
                .param(professionalId).query(String.class).list());
        Set<String> unique = new LinkedHashSet<>();
        for (int i = 0; i < asked.size(); i++) {
            if (!defined.contains(asked.get(i))) {
                errors.add(new AccountProblems.FieldProblem("purposes[" + i + "]",
                        "is not one of your purposes: " + asked.get(i)));
            }
            unique.add(asked.get(i));
        }
        return List.copyOf(unique);
    }

    /**
     * Revokes a delegation of {@code professionalId} at once; false when it is not theirs or does not exist. Revoking
     * twice keeps the first time.
     */
    public boolean revoke(long professionalId, long delegationId, String actor) {
        Optional<Delegation> found = find(delegationId).filter(d -> d.professionalId() == professionalId);
        if (found.isEmpty()) {
            return false;
        }
        transactions.executeWithoutResult(status -> {
            int changed = jdbc.sql("update delegation set revoked_at = ? where id = ? and revoked_at is null")
                    .params(utc(now()), delegationId).update();
            if (changed == 1) {
                audit.append(actor, "DELEGATION_REVOKED", "delegation:" + delegationId,
                        "professional=" + professionalId + ", callCentre=" + found.get().callCentreSiren());
            }
        });
        events.publishEvent(new Revoked(delegationId));
        return true;
    }

    public Optional<Delegation> find(long id) {
        return jdbc.sql(SELECT + " where d.id = ?").param(id).query(Delegations::map).optional();
    }

    /** The delegations a professional granted, newest first, revoked ones included. */
    public List<Delegation> ofProfessional(long professionalId) {
        return jdbc.sql(SELECT + " where d.professional_id = ? order by d.id desc").param(professionalId)
                .query(Delegations::map).list();
    }

    /** The delegations a call centre holds, newest first, revoked ones included. */
    public List<Delegation> ofCallCentre(long callCentreId) {
        return jdbc.sql(SELECT + " where d.call_centre_id = ? order by d.id desc").param(callCentreId)
                .query(Delegations::map).list();
    }

    public Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static Instant time(String field, String value, List<AccountProblems.FieldProblem> errors) {
        try {
            return OffsetDateTime.parse(value.strip()).toInstant().truncatedTo(ChronoUnit.MICROS);
        } catch (DateTimeException e) {
            errors.add(new AccountProblems.FieldProblem(field,
                    "must be an ISO-8601 time with its offset, such as 2026-09-01T10:15:00+02:00"));
            return null;
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Delegation map(ResultSet rs, int row) throws SQLException {
        String purposes = rs.getString("purposes");
        return new Delegation(rs.getLong("id"), rs.getLong("professional_id"), rs.getLong("call_centre_id"),
                rs.getString("siren"), rs.getString("name"),
                purposes == null ? null : List.of(purposes.split(",")),
                instant(rs.getObject("valid_from", OffsetDateTime.class)),
                instant(rs.getObject("valid_until", OffsetDateTime.class)),
                instant(rs.getObject("created_at", OffsetDateTime.class)),
                instant(rs.getObject("revoked_at", OffsetDateTime.class)));
    }

    private static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }
}
