package fr.consenti.server.calls;

import fr.consenti.server.accounts.ApiCaller;
import fr.consenti.server.accounts.Delegation;
import fr.consenti.server.accounts.Delegations;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Resolves an API caller to the SIRENs the rules engine needs. A professional's SIREN never changes, so it is cached;
 * a delegation (a call centre's key, calling for the professional of {@link ApiCaller#professionalId()}) is read
 * each time, so that a revoked or ended delegation stops at once.
 */
@Component
final class Diallers {

    private final JdbcClient jdbc;
    private final Delegations delegations;
    private final ConcurrentHashMap<Long, Integer> sirens = new ConcurrentHashMap<>();

    Diallers(JdbcClient jdbc, Delegations delegations) {
        this.jdbc = jdbc;
        this.delegations = delegations;
    }

    Dialler of(ApiCaller caller) {
        int siren = sirens.computeIfAbsent(caller.professionalId(), id -> Integer.parseInt(jdbc
                .sql("select siren from professional where id = ?").param(id).query(String.class).single()));
        if (caller.delegationId() == null) {
            return new Dialler(caller.professionalId(), siren, 0, null, caller.apiKeyId());
        }
        Delegation delegation = delegations.find(caller.delegationId())
                .filter(d -> d.professionalId() == caller.professionalId() && d.activeAt(delegations.now()))
                .orElseThrow(() -> CallProblems.of(HttpStatus.FORBIDDEN, "DELEGATION_NOT_ACTIVE",
                        "This key's delegation is unknown, revoked or not in force."));
        return new Dialler(caller.professionalId(), siren, Integer.parseInt(delegation.callCentreSiren()),
                delegation.id(), caller.apiKeyId(), delegation.purposes());
    }
}
