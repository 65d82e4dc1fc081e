package fr.consenti.server.scrub;

import fr.consenti.server.accounts.ApiCaller;
import fr.consenti.server.audit.AuditLog;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Plans, subscriptions and their metering. A subscription is always in the professional's own name: a call
 * centre's key (a delegation) cannot subscribe. Usage is what the jobs of the current subscription year metered
 * (rows read and one cleaning per job), so it needs no counter of its own.
 */
@Component
final class Subscriptions {

    static final ZoneId FRANCE = ZoneId.of("Europe/Paris");

    private final JdbcClient jdbc;
    private final Clock clock;
    private final AuditLog audit;
    private final TransactionTemplate transactions;

    Subscriptions(JdbcClient jdbc, Clock clock, AuditLog audit, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.audit = audit;
        this.transactions = transactions;
    }

    List<Plan> plans() {
        return jdbc.sql("select * from scrub_plan order by numbers_per_year").query(Subscriptions::plan).list();
    }

    Optional<Plan> plan(String code) {
        return jdbc.sql("select * from scrub_plan where code = ?").param(code).query(Subscriptions::plan).optional();
    }

    /** Subscribes an API caller's professional; refused for a call centre acting under a delegation. */
    Subscription subscribe(ApiCaller caller, String planCode) {
        if (caller.delegationId() != null) {
            throw ScrubProblems.of(HttpStatus.FORBIDDEN, "DELEGATION_CANNOT_SUBSCRIBE",
                    "A subscription is in the professional's own name: a call centre cannot subscribe for its client.");
        }
        return subscribe(caller.professionalId(), planCode, "api-key:" + caller.apiKeyId());
    }

    /**
     * Starts a subscription to {@code planCode} now, ending the current one if any. Subscribing again to the plan
     * already held changes nothing.
     */
    Subscription subscribe(long professionalId, String planCode, String actor) {
        return transactions.execute(status -> subscribeInTransaction(professionalId, planCode, actor));
    }

    private Subscription subscribeInTransaction(long professionalId, String planCode, String actor) {
        Plan plan = planCode == null ? null : plan(planCode.strip()).orElse(null);
        if (plan == null) {
            throw ScrubProblems.invalid("plan", "unknown plan; plans are " + String.join(", ",
                    plans().stream().map(Plan::code).toList()));
        }
        lockProfessional(professionalId);
        Optional<Subscription> current = current(professionalId);
        if (current.isPresent() && current.get().plan().code().equals(plan.code())) {
            return current.get();
        }
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        current.ifPresent(previous -> jdbc.sql("update subscription set ended_at = ? where id = ?")
                .params(now, previous.id()).update());
        jdbc.sql("insert into subscription (professional_id, plan_code, started_at, subscribed_by) values (?, ?, ?, ?)")
                .params(professionalId, plan.code(), now, actor).update();
        audit.append(actor, "SCRUB_SUBSCRIBED", "professional:" + professionalId, "plan=" + plan.code());
        return current(professionalId).orElseThrow();
    }

    /** Serialises subscription changes and quota checks of one professional (a row lock, on both databases). */
    void lockProfessional(long professionalId) {
        jdbc.sql("select id from professional where id = ? for update").param(professionalId).query(Long.class).single();
    }

    Optional<Subscription> current(long professionalId) {
        Instant now = clock.instant();
        return jdbc.sql("""
                        select s.id, s.started_at, p.* from subscription s join scrub_plan p on p.code = s.plan_code
                        where s.professional_id = ? and s.ended_at is null""")
                .param(professionalId)
                .query((rs, n) -> usage(rs.getLong("id"), professionalId, plan(rs, n),
                        rs.getObject("started_at", OffsetDateTime.class).toInstant(), now))
                .optional();
    }

    /** Every current subscription with its usage, for the operator. */
    List<Listed> all() {
        Instant now = clock.instant();
        return jdbc.sql("""
                        select s.id, s.professional_id, s.started_at, pr.siren, pr.name as professional_name, p.*
                        from subscription s join scrub_plan p on p.code = s.plan_code
                        join professional pr on pr.id = s.professional_id
                        where s.ended_at is null order by pr.name, pr.siren""")
                .query((rs, n) -> new Listed(rs.getString("siren"), rs.getString("professional_name"),
                        usage(rs.getLong("id"), rs.getLong("professional_id"), plan(rs, n),
                                rs.getObject("started_at", OffsetDateTime.class).toInstant(), now)))
                .list();
    }

    public record Listed(String siren, String professionalName, Subscription subscription) {
    }

    private Subscription usage(long id, long professionalId, Plan plan, Instant startedAt, Instant now) {
        ZonedDateTime start = startedAt.atZone(FRANCE);
        long years = Math.max(0, java.time.temporal.ChronoUnit.YEARS.between(start, now.atZone(FRANCE)));
        Instant yearStart = start.plusYears(years).toInstant();
        Instant yearEnd = start.plusYears(years + 1).toInstant();
        record Used(long rows, long cleanings) {
        }
        Used used = jdbc.sql("""
                        select coalesce(sum(metered_rows), 0) as rows_used, count(metered_at) as cleanings
                        from scrub_job where subscription_id = ? and metered_at >= ? and metered_at < ?""")
                .params(id, OffsetDateTime.ofInstant(yearStart, ZoneOffset.UTC),
                        OffsetDateTime.ofInstant(yearEnd, ZoneOffset.UTC))
                .query((rs, n) -> new Used(rs.getLong("rows_used"), rs.getLong("cleanings"))).single();
        // Jobs accepted but not finished count against the cleanings already, so that a burst cannot overrun them.
        long pending = jdbc.sql("select count(*) from scrub_job where subscription_id = ? and status in ('QUEUED', 'RUNNING')")
                .param(id).query(Long.class).single();
        return new Subscription(id, professionalId, plan, startedAt, yearStart, yearEnd, used.rows(),
                used.cleanings() + pending);
    }

    static Plan plan(ResultSet rs, int row) throws SQLException {
        return new Plan(rs.getString("code"), rs.getString("name"), rs.getLong("numbers_per_year"),
                rs.getInt("cleanings_per_year"));
    }
}
