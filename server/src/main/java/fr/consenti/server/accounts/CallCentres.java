package fr.consenti.server.accounts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import fr.consenti.server.audit.AuditLog;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The call_centre table. The registry operator registers a call centre ({@link #register}: SIREN checked, audited);
 * a professional can then grant it delegations.
 */
@Component
public final class CallCentres {

    private static final String COLUMNS = "id, siren, name, created_at";
    static final int MAX_NAME = 200;

    private final JdbcClient jdbc;
    private final Clock clock;
    private final AuditLog audit;
    private final TransactionTemplate transactions;

    CallCentres(JdbcClient jdbc, Clock clock, AuditLog audit, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.audit = audit;
        this.transactions = transactions;
    }

    /**
     * Registers a call centre for the registry operator: the SIREN (spaces allowed) must pass its Luhn check and not
     * be registered yet, the name 1 to 200 characters without control characters. Every bad field is named
     * (problem+json VALIDATION_FAILED); the registration is in the audit log in the same transaction.
     */
    public CallCentre register(String siren, String name, String actor) {
        List<AccountProblems.FieldProblem> errors = new ArrayList<>();
        String digits = siren == null ? "" : siren.replaceAll("\\s", "");
        if (digits.isEmpty()) {
            errors.add(new AccountProblems.FieldProblem("siren", "is required"));
        } else if (!Siren.isValid(digits)) {
            errors.add(new AccountProblems.FieldProblem("siren", "is not a SIREN: 9 digits whose Luhn check holds"));
        } else if (findBySiren(new Siren(digits)).isPresent()) {
            errors.add(new AccountProblems.FieldProblem("siren", "a call centre with this SIREN is already registered"));
        }
        String label = name == null ? "" : name.strip();
        if (label.isEmpty()) {
            errors.add(new AccountProblems.FieldProblem("name", "is required"));
        } else if (label.length() > MAX_NAME) {
            errors.add(new AccountProblems.FieldProblem("name", "at most " + MAX_NAME + " characters"));
        } else if (label.chars().anyMatch(Character::isISOControl)) {
            errors.add(new AccountProblems.FieldProblem("name", "holds a control character"));
        }
        if (!errors.isEmpty()) {
            throw AccountProblems.validation(errors);
        }
        try {
            return transactions.execute(status -> {
                CallCentre created = create(new Siren(digits), label);
                audit.append(actor, "CALL_CENTRE_REGISTERED", "call-centre:" + created.id(),
                        "siren=" + digits + ", name=" + label);
                return created;
            });
        } catch (DuplicateKeyException raced) {
            throw AccountProblems.validation(List.of(new AccountProblems.FieldProblem("siren",
                    "a call centre with this SIREN is already registered")));
        }
    }

    /** Every registered call centre, by name. */
    public List<CallCentre> all() {
        return jdbc.sql("select " + COLUMNS + " from call_centre order by name, id").query(CallCentres::map).list();
    }

    public CallCentre create(Siren siren, String name) {
        jdbc.sql("insert into call_centre (siren, name, created_at) values (?, ?, ?)")
                .params(siren.value(), name, OffsetDateTime.now(clock.withZone(ZoneOffset.UTC)))
                .update();
        return findBySiren(siren).orElseThrow();
    }

    public Optional<CallCentre> findBySiren(Siren siren) {
        return jdbc.sql("select " + COLUMNS + " from call_centre where siren = ?").param(siren.value())
                .query(CallCentres::map).optional();
    }

    public Optional<CallCentre> findById(long id) {
        return jdbc.sql("select " + COLUMNS + " from call_centre where id = ?").param(id)
                .query(CallCentres::map).optional();
    }

    private static CallCentre map(ResultSet rs, int row) throws SQLException {
        return new CallCentre(rs.getLong("id"), new Siren(rs.getString("siren")), rs.getString("name"),
                rs.getObject("created_at", OffsetDateTime.class));
    }
}
