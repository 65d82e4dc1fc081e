package fr.consenti.server.calls;

import fr.consenti.server.accounts.ApiCaller;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Resolves an API caller to the SIRENs the rules engine needs. A professional's SIREN never changes, so it is cached;
 * a delegation (a call centre's key, calling for the professional of {@link ApiCaller#professionalId()}) is read
 * from the {@code delegation} table each time, so that a revoked delegation stops at once.
 */
@Component
final class Diallers {

    private final JdbcClient jdbc;
    private final ConcurrentHashMap<Long, Integer> sirens = new ConcurrentHashMap<>();

    Diallers(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Dialler of(ApiCaller caller) {
        int siren = sirens.computeIfAbsent(caller.professionalId(), id -> Integer.parseInt(jdbc
                .sql("select siren from professional where id = ?").param(id).query(String.class).single()));
        int callCentre = 0;
        if (caller.delegationId() != null) {
            callCentre = callCentreOf(caller.delegationId(), caller.professionalId());
        }
        return new Dialler(caller.professionalId(), siren, callCentre, caller.delegationId(), caller.apiKeyId());
    }

    /** The SIREN of the call centre acting under the delegation, which must be one of this professional's. */
    private int callCentreOf(long delegationId, long professionalId) {
        try {
            return jdbc.sql("""
                            select c.siren from delegation d join professional c on c.id = d.call_centre_id
                            where d.id = ? and d.professional_id = ? and d.revoked_at is null""")
                    .params(delegationId, professionalId)
                    .query(String.class)
                    .optional()
                    .map(Integer::parseInt)
                    .orElseThrow(() -> CallProblems.of(HttpStatus.FORBIDDEN, "DELEGATION_NOT_ACTIVE",
                            "This key's delegation is unknown or revoked."));
        } catch (DataAccessException e) {
            throw CallProblems.of(HttpStatus.FORBIDDEN, "DELEGATION_NOT_ACTIVE",
                    "This key's delegation cannot be read.");
        }
    }
}
