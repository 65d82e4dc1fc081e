package fr.consenti.server.platform;

import fr.consenti.core.index.ChangeEvent;
import fr.consenti.core.rules.AgreedSlot;
import fr.consenti.core.rules.Consent;
import fr.consenti.core.rules.ConsentChannel;
import fr.consenti.core.rules.OppositionRegistration;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The change feed that keeps every node's screening index current (table {@code change_feed}). Writers append in the
 * transaction that changes the facts, so a change and its feed row commit or roll back together; readers get core's
 * {@link ChangeEvent}s in sequence order, professionals named by their SIREN as the index and the engine know them.
 */
@Component
public final class ChangeFeed {

    private static final String COLUMNS = "kind, nsn, professional_id, occurred_at, effective_from, ends_at, "
            + "collected_at, purposes, third_parties, channel, slot_date, slot_start, slot_end, recorded_at";
    private static final String INSERT = "insert into change_feed (" + COLUMNS + ") values ("
            + "?, ".repeat(13) + "?)";
    private static final String SELECT = "select f.sequence, f." + COLUMNS.replace(", ", ", f.")
            + ", p.siren from change_feed f left join professional p on p.id = f.professional_id";

    private final JdbcTemplate jdbc;
    private final Clock clock;
    /** PostgreSQL: wake the nodes' followers (LISTEN change_feed); the notification is sent at commit, if any. */
    private final boolean notify;

    ChangeFeed(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.notify = Boolean.TRUE.equals(jdbc.execute((java.sql.Connection c) ->
                c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres")));
    }

    /** Appends the changes in the caller's transaction (or in one of their own when there is none). */
    public void append(List<? extends FeedChange> changes) {
        if (changes.isEmpty()) {
            return;
        }
        OffsetDateTime recordedAt = utc(clock.instant().truncatedTo(ChronoUnit.MICROS));
        jdbc.batchUpdate(INSERT, changes, 1000, (ps, change) -> bind(ps, change, recordedAt));
        if (notify) {
            // Delivered at commit, folded into one per transaction by PostgreSQL; nothing on rollback.
            // (Not queryForRowSet: its CachedRowSet throws and catches two warnings per call.)
            jdbc.query("select pg_notify('change_feed', '')", (java.sql.ResultSet rs) -> null);
        }
    }

    public void append(FeedChange change) {
        append(List.of(change));
    }

    /** The last sequence appended so far (0 when the feed is empty), committed or not. */
    public long lastSequence() {
        Long last = jdbc.queryForObject("select max(sequence) from change_feed", Long.class);
        return last == null ? 0 : last;
    }

    /**
     * Up to {@code limit} committed events after {@code sequence}, in order. A gap in the sequences is a transaction
     * still in flight (or rolled back): the caller decides how long to wait for it before going past.
     */
    public List<ChangeEvent> readAfter(long sequence, int limit) {
        return jdbc.query(SELECT + " where f.sequence > ? order by f.sequence fetch first " + limit + " rows only",
                (rs, n) -> event(rs), sequence);
    }

    private static void bind(PreparedStatement ps, FeedChange change, OffsetDateTime recordedAt) throws SQLException {
        String kind;
        Long professional = null;
        Instant occurred;
        Instant effectiveFrom = null;
        Instant endsAt = null;
        Instant collectedAt = null;
        String purposes = null;
        String thirdParties = null;
        String channel = null;
        AgreedSlot slot = null;
        switch (change) {
            case FeedChange.OppositionRegistered r -> {
                kind = "OPPOSITION_REGISTERED";
                OppositionRegistration registration = r.registration();
                occurred = registration.registeredAt();
                effectiveFrom = registration.effectiveFrom();
                endsAt = registration.termEnd();
            }
            case FeedChange.OppositionRemoved r -> {
                kind = "OPPOSITION_REMOVED";
                occurred = r.at();
            }
            case FeedChange.ObjectionRecorded o -> {
                kind = "OBJECTION";
                professional = o.professionalId();
                occurred = o.at();
            }
            case FeedChange.ConsentGiven c -> {
                kind = "CONSENT_GIVEN";
                professional = c.professionalId();
                occurred = c.collectedAt();
                collectedAt = c.collectedAt();
                endsAt = c.validUntil();
                purposes = String.join(",", c.purposes().stream().sorted().toList());
                thirdParties = String.join(",", c.thirdPartySirens());
                channel = c.channel().name();
            }
            case FeedChange.ConsentWithdrawn w -> {
                kind = "CONSENT_WITHDRAWN";
                professional = w.professionalId();
                occurred = w.at();
                collectedAt = w.collectedAt();
            }
            case FeedChange.ConsentsWithdrawn w -> {
                kind = "CONSENTS_WITHDRAWN";
                professional = w.professionalId();
                occurred = w.at();
            }
            case FeedChange.AttemptRecorded a -> {
                kind = "ATTEMPT";
                professional = a.professionalId();
                occurred = a.at();
            }
            case FeedChange.RefusalRecorded r -> {
                kind = "REFUSAL";
                professional = r.professionalId();
                occurred = r.at();
            }
            case FeedChange.SlotAgreed s -> {
                kind = "SLOT_AGREED";
                professional = s.professionalId();
                slot = s.slot();
                occurred = recordedAt.toInstant();
            }
        }
        ps.setString(1, kind);
        ps.setInt(2, change.nsn());
        if (professional == null) {
            ps.setNull(3, Types.BIGINT);
        } else {
            ps.setLong(3, professional);
        }
        ps.setObject(4, utc(occurred));
        ps.setObject(5, utc(effectiveFrom));
        ps.setObject(6, utc(endsAt));
        ps.setObject(7, utc(collectedAt));
        ps.setString(8, purposes);
        ps.setString(9, thirdParties);
        ps.setString(10, channel);
        ps.setObject(11, slot == null ? null : slot.date(), Types.DATE);
        ps.setObject(12, slot == null ? null : slot.start(), Types.TIME);
        ps.setObject(13, slot == null ? null : slot.end(), Types.TIME);
        ps.setObject(14, recordedAt);
    }

    private static ChangeEvent event(ResultSet rs) throws SQLException {
        long sequence = rs.getLong("sequence");
        String kind = rs.getString("kind");
        int nsn = rs.getInt("nsn");
        String siren = rs.getString("siren");
        int professional = siren == null ? 0 : Integer.parseInt(siren);
        Instant occurred = instant(rs, "occurred_at");
        return switch (kind) {
            case "OPPOSITION_REGISTERED" -> new ChangeEvent.OppositionRegistered(sequence, nsn,
                    new OppositionRegistration(occurred, instant(rs, "effective_from"), instant(rs, "ends_at")));
            case "OPPOSITION_REMOVED" -> new ChangeEvent.OppositionRemoved(sequence, nsn, occurred);
            case "OBJECTION" -> new ChangeEvent.ObjectionRecorded(sequence, professional, nsn, occurred);
            case "CONSENT_GIVEN" -> new ChangeEvent.ConsentGiven(sequence, nsn, new Consent(professional,
                    sirens(rs.getString("third_parties")), codes(rs.getString("purposes")),
                    ConsentChannel.valueOf(rs.getString("channel")), instant(rs, "collected_at"),
                    instant(rs, "ends_at"), null));
            case "CONSENT_WITHDRAWN" -> new ChangeEvent.ConsentWithdrawn(sequence, professional, nsn,
                    instant(rs, "collected_at"), occurred);
            case "CONSENTS_WITHDRAWN" -> new ChangeEvent.ConsentsWithdrawn(sequence, professional, nsn, occurred);
            case "ATTEMPT" -> new ChangeEvent.AttemptRecorded(sequence, professional, nsn, occurred);
            case "REFUSAL" -> new ChangeEvent.RefusalRecorded(sequence, professional, nsn, occurred);
            case "SLOT_AGREED" -> new ChangeEvent.SlotAgreed(sequence, professional, nsn, new AgreedSlot(
                    rs.getObject("slot_date", LocalDate.class), rs.getObject("slot_start", LocalTime.class),
                    rs.getObject("slot_end", LocalTime.class)));
            default -> throw new IllegalStateException("change_feed " + sequence + " has unknown kind " + kind);
        };
    }

    private static int[] sirens(String joined) {
        if (joined == null || joined.isEmpty()) {
            return new int[0];
        }
        return Arrays.stream(joined.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    private static Set<String> codes(String joined) {
        return joined == null || joined.isEmpty() ? Set.of() : new HashSet<>(Arrays.asList(joined.split(",")));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
