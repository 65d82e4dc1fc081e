package fr.consenti.server.scrub;

import fr.consenti.server.audit.AuditLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Submissions that looked like enumeration of the opposition list: recorded in {@code scrub_flag}, written to the
 * audit log, shown to the operator; while a flag is open and younger than {@code consenti.scrub.throttle}, the
 * professional's submissions are refused with 429 ENUMERATION_THROTTLED. The operator clears a flag once explained.
 */
@Component
final class EnumerationFlags {

    public enum Kind { SEQUENTIAL, VOLUME }

    public record Flag(long id, long professionalId, String siren, String professionalName, UUID jobId, Kind kind,
                String detail, Instant flaggedAt, Instant clearedAt, String clearedBy) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;
    private final AuditLog audit;
    private final Duration throttle;

    EnumerationFlags(JdbcClient jdbc, Clock clock, AuditLog audit, ScrubSettings settings) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.audit = audit;
        this.throttle = settings.throttle();
    }

    void flag(long professionalId, UUID jobId, Kind kind, String detail) {
        jdbc.sql("insert into scrub_flag (professional_id, job_id, kind, detail, flagged_at) values (?, ?, ?, ?, ?)")
                .params(professionalId, jobId, kind.name(), detail, utc(clock.instant())).update();
        audit.append("system", "SCRUB_ENUMERATION_FLAGGED", "professional:" + professionalId,
                "job=" + jobId + " kind=" + kind + " " + detail);
    }

    /** Refuses a submission while the professional has an open, recent flag. */
    void checkNotThrottled(long professionalId) {
        Instant now = clock.instant();
        Optional<Instant> latest = jdbc.sql("""
                        select max(flagged_at) from scrub_flag
                        where professional_id = ? and cleared_at is null and flagged_at > ?""")
                .params(professionalId, utc(now.minus(throttle)))
                .query((rs, n) -> rs.getObject(1, OffsetDateTime.class)).optional()
                .map(OffsetDateTime::toInstant);
        if (latest.isPresent()) {
            throw ScrubProblems.tooMany("ENUMERATION_THROTTLED", "A recent submission looked like an enumeration of "
                    + "the opposition list (sequential ranges or a volume far above the plan): submissions are "
                    + "suspended until the registry operator has reviewed it, or until "
                    + latest.get().plus(throttle) + ".", Duration.between(now, latest.get().plus(throttle)));
        }
    }

    List<Flag> all() {
        return jdbc.sql("""
                        select f.*, p.siren, p.name from scrub_flag f join professional p on p.id = f.professional_id
                        order by f.flagged_at desc fetch first 500 rows only""")
                .query((rs, n) -> new Flag(rs.getLong("id"), rs.getLong("professional_id"), rs.getString("siren"),
                        rs.getString("name"), rs.getObject("job_id", UUID.class), Kind.valueOf(rs.getString("kind")),
                        rs.getString("detail"), rs.getObject("flagged_at", OffsetDateTime.class).toInstant(),
                        Optional.ofNullable(rs.getObject("cleared_at", OffsetDateTime.class))
                                .map(OffsetDateTime::toInstant).orElse(null),
                        rs.getString("cleared_by")))
                .list();
    }

    boolean clear(long id, String actor) {
        int cleared = jdbc.sql("update scrub_flag set cleared_at = ?, cleared_by = ? where id = ? and cleared_at is null")
                .params(utc(clock.instant()), actor, id).update();
        if (cleared > 0) {
            audit.append(actor, "SCRUB_FLAG_CLEARED", "scrub_flag:" + id, null);
        }
        return cleared > 0;
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
