package fr.consenti.server.consent;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Withdrawal of every consent held for a number, whoever holds it: what registering the number on the opposition
 * list does in the opt-in era (RULES.md §8, policy {@code registry.withdraws-consents}). Each consent is withdrawn
 * through the ledger, one WITHDRAWN event each, so the chain stays whole and the change feed tells every node.
 * Joins the caller's transaction.
 */
@Component
public final class ConsentWithdrawals {

    private final JdbcClient jdbc;
    private final ConsentLedger ledger;

    ConsentWithdrawals(JdbcClient jdbc, ConsentLedger ledger) {
        this.jdbc = jdbc;
        this.ledger = ledger;
    }

    /** How many consents for this number, to any professional, are in force at {@code at}. */
    public int countActiveFor(int nsn, Instant at) {
        return active(nsn, at).size();
    }

    /**
     * Withdraws, effective at {@code at}, every consent for this number still in force then (given, not withdrawn,
     * not past its validity). Consents collected later are untouched: they count again. Returns how many it withdrew.
     */
    public int withdrawAllFor(int nsn, Instant at, String channel) {
        int withdrawn = 0;
        for (Held consent : active(nsn, at)) {
            if (ledger.withdraw(consent.professionalId(), consent.id(), channel, at)
                    .map(ConsentLedger.Withdrawal::recorded).orElse(false)) {
                withdrawn++;
            }
        }
        return withdrawn;
    }

    private record Held(UUID id, long professionalId) {
    }

    private List<Held> active(int nsn, Instant at) {
        OffsetDateTime when = at.atOffset(ZoneOffset.UTC);
        return jdbc.sql("""
                        select id, professional_id from consent
                        where nsn = ? and status = 'ACTIVE' and withdrawn_at is null
                          and collected_at <= ? and valid_until > ?
                        order by given_sequence""")
                .params(nsn, when, when)
                .query((rs, n) -> new Held(rs.getObject(1, UUID.class), rs.getLong(2)))
                .list();
    }
}
