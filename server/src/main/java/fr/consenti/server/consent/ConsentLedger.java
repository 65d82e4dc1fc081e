package fr.consenti.server.consent;

import fr.consenti.core.proof.CanonicalEncoder;
import fr.consenti.core.proof.FieldCommitment;
import fr.consenti.core.proof.HashChain;
import fr.consenti.core.proof.Hex;
import fr.consenti.core.rules.AgreedSlot;
import fr.consenti.core.rules.ConsentChannel;
import fr.consenti.server.platform.ChangeFeed;
import fr.consenti.server.platform.FeedChange;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Appends to the consent ledger. Every append locks the chain head row ({@code select ... for update}) for its
 * transaction, computes the link hashes of its rows in memory, inserts them in one batch with their read-model rows
 * and moves the head: appends from every connection and node take turns, and a batch of a bulk import costs one
 * lock, not one per row. Nothing is acknowledged before its transaction commits.
 */
@Component
final class ConsentLedger {

    private static final int EVENT_COLUMNS = 32;
    private static final String CONSENT_COLUMNS = "id, professional_id, e164, nsn, purposes, third_parties, channel, "
            + "collected_at, valid_from, valid_until, status, given_sequence";
    /**
     * Rows per insert statement. One statement of many rows costs both databases far less than as many statements in
     * a JDBC batch (PostgreSQL's driver sends a batch as separate executions); 100 rows of 32 columns stay well under
     * PostgreSQL's 32,767 parameters.
     */
    static final int ROWS_PER_INSERT = 100;

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final FieldCommitment commitment;
    private final ChangeFeed feed;
    // Encoders and hashers are not thread-safe and cheap to keep: one per thread.
    private final ThreadLocal<CanonicalEncoder> encoders;
    private final ThreadLocal<HashChain> hashers = ThreadLocal.withInitial(HashChain::new);

    ConsentLedger(JdbcClient jdbc, JdbcTemplate template, TransactionTemplate transactions, Clock clock,
                  LedgerKeys keys, ChangeFeed feed) {
        this.jdbc = jdbc;
        this.feed = feed;
        this.template = template;
        this.transactions = transactions;
        this.clock = clock;
        this.commitment = keys.commitment();
        this.encoders = ThreadLocal.withInitial(() -> new CanonicalEncoder(commitment));
    }

    /** The server time of a new record, to the microsecond that both databases keep (the hash covers it). */
    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** Records new consents (GIVEN events, not yet linked) in one transaction; returns them linked, in order. */
    List<ConsentEvent> recordGiven(List<ConsentEvent> given) {
        return transactions.execute(status -> {
            List<ConsentEvent> linked = appendLocked(given);
            insertRows("consent", CONSENT_COLUMNS, 12, linked, (ps, i, e) -> {
                ps.setObject(i++, e.consentId());
                ps.setLong(i++, e.professionalId());
                ps.setString(i++, e.e164());
                ps.setInt(i++, e.nsn());
                ps.setString(i++, ConsentEvent.join(e.purposes()));
                ps.setString(i++, ConsentEvent.join(e.thirdParties()));
                ps.setString(i++, e.channel());
                ps.setObject(i++, utc(e.collectedAt()));
                ps.setObject(i++, utc(e.validFrom()));
                ps.setObject(i++, utc(e.validUntil()));
                ps.setString(i++, "ACTIVE");
                ps.setLong(i, e.sequence());
            });
            feed.append(linked.stream().flatMap(e -> feedChanges(e).stream()).toList());
            return linked;
        });
    }

    /** The withdrawal of a consent: appended once, effective at {@code at}; a second request finds the first. */
    Optional<Withdrawal> withdraw(long professionalId, UUID consentId, String channel, Instant at) {
        return transactions.execute(status -> {
            lockHead();
            Optional<ConsentState> state = jdbc.sql("""
                            select status, withdrawn_at, collected_at, nsn from consent
                            where id = ? and professional_id = ?""")
                    .params(consentId, professionalId)
                    .query((rs, n) -> new ConsentState(rs.getString(1), instant(rs.getObject(2, OffsetDateTime.class)),
                            instant(rs.getObject(3, OffsetDateTime.class)), (Integer) rs.getObject(4)))
                    .optional();
            if (state.isEmpty()) {
                return Optional.<Withdrawal>empty();
            }
            if (state.get().withdrawnAt() != null) {
                return Optional.of(new Withdrawal(consentId, state.get().withdrawnAt(), false));
            }
            // A withdrawal told of late cannot predate the consent itself.
            Instant effective = at.isBefore(state.get().collectedAt()) ? state.get().collectedAt() : at;
            Instant recordedAt = now();
            appendLocked(List.of(ConsentEvent.marker(ConsentEvent.Kind.WITHDRAWN, consentId, professionalId, channel,
                    effective, recordedAt)));
            jdbc.sql("update consent set status = 'WITHDRAWN', withdrawn_at = ? where id = ?")
                    .params(utc(effective), consentId)
                    .update();
            if (state.get().nsn() != null) {
                feed.append(new FeedChange.ConsentWithdrawn(professionalId, state.get().nsn(),
                        state.get().collectedAt(), effective));
            }
            return Optional.of(new Withdrawal(consentId, effective, true));
        });
    }

    /** A consent's withdrawal: when it took effect, and whether this request recorded it. */
    record Withdrawal(UUID consentId, Instant withdrawnAt, boolean recorded) {
    }

    private record ConsentState(String status, Instant withdrawnAt, Instant collectedAt, Integer nsn) {
    }

    /** A recorded consent as the screening indexes see it, with the off-hours slot agreed with it, if any. */
    private static List<FeedChange> feedChanges(ConsentEvent given) {
        FeedChange consent = new FeedChange.ConsentGiven(given.professionalId(), given.nsn(), given.thirdParties(),
                java.util.Set.copyOf(given.purposes()), engineChannel(given.channel()), given.collectedAt(),
                given.validUntil());
        if (given.slotDate() == null) {
            return List.of(consent);
        }
        return List.of(consent, new FeedChange.SlotAgreed(given.professionalId(), given.nsn(),
                new AgreedSlot(given.slotDate(), given.slotStart(), given.slotEnd())));
    }

    /**
     * The channel as the rules engine reads it. A recorded call may have been an outbound one, and an imported consent
     * came through a channel we cannot tell: both count as outbound calls, the reading that protects the consumer
     * (an outbound call cannot lift an objection, RULES.md §4).
     */
    static ConsentChannel engineChannel(String channel) {
        return switch (channel) {
            case "WEB_FORM" -> ConsentChannel.WEB_FORM;
            case "PAPER" -> ConsentChannel.PAPER;
            case "IN_PERSON" -> ConsentChannel.IN_PERSON;
            default -> ConsentChannel.OUTBOUND_CALL;
        };
    }

    /**
     * Records the expiry of every consent still active whose validity ended by {@code now}: the ledger then says when
     * each consent stopped, as RULES.md §3 asks (nothing renews tacitly). Readers do not wait for it: they compare
     * valid_until with their own clock.
     */
    int expire(Instant now) {
        return transactions.execute(status -> {
            lockHead();
            List<Expiring> due = jdbc.sql("""
                            select id, professional_id, valid_until from consent
                            where status = 'ACTIVE' and valid_until <= ? order by given_sequence""")
                    .param(utc(now))
                    .query((rs, n) -> new Expiring(rs.getObject(1, UUID.class), rs.getLong(2),
                            instant(rs.getObject(3, OffsetDateTime.class))))
                    .list();
            Instant recordedAt = now();
            List<ConsentEvent> events = due.stream().map(e -> ConsentEvent.marker(ConsentEvent.Kind.EXPIRED,
                    e.id(), e.professionalId(), null, e.validUntil(), recordedAt)).toList();
            appendLocked(events);
            template.batchUpdate("update consent set status = 'EXPIRED' where id = ?", due, 1000,
                    (ps, e) -> ps.setObject(1, e.id()));
            return due.size();
        });
    }

    private record Expiring(UUID id, long professionalId, Instant validUntil) {
    }

    /**
     * Purges the proof of every consent collected before {@code collectedBefore} (RULES.md §3, §11): each raw
     * personal value of its events becomes its commitment, which is what the link hash covered all along, so the
     * chain still verifies; a PURGED event records that it happened. Returns how many consents were purged.
     */
    int purge(Instant collectedBefore) {
        return transactions.execute(status -> {
            lockHead();
            List<Expiring> due = jdbc.sql("""
                            select id, professional_id, valid_until from consent
                            where purged_at is null and collected_at < ? order by given_sequence""")
                    .param(utc(collectedBefore))
                    .query((rs, n) -> new Expiring(rs.getObject(1, UUID.class), rs.getLong(2),
                            instant(rs.getObject(3, OffsetDateTime.class))))
                    .list();
            Instant recordedAt = now();
            for (Expiring consent : due) {
                List<ConsentEvent> events = jdbc.sql("select " + ConsentEvent.COLUMNS
                                + " from consent_event where consent_id = ? order by sequence")
                        .param(consent.id())
                        .query((rs, n) -> ConsentEvent.read(rs))
                        .list();
                for (ConsentEvent e : events) {
                    jdbc.sql("""
                                    update consent_event set
                                        e164 = null, e164_commitment = coalesce(?, e164_commitment),
                                        nsn = null, nsn_commitment = coalesce(?, nsn_commitment),
                                        person_ref = null, person_ref_commitment = coalesce(?, person_ref_commitment),
                                        evidence_ip = null, evidence_ip_commitment = coalesce(?, evidence_ip_commitment),
                                        evidence_user_agent = null,
                                        evidence_user_agent_commitment = coalesce(?, evidence_user_agent_commitment),
                                        evidence_ref = null, evidence_ref_commitment = coalesce(?, evidence_ref_commitment)
                                    where sequence = ?""")
                            .params(commit(e.e164()), commit(e.nsn() == null ? null : e.nsn().toString()),
                                    commit(e.personRef()), commit(e.evidenceIp()), commit(e.evidenceUserAgent()),
                                    commit(e.evidenceRef()), e.sequence())
                            .update();
                }
                appendLocked(List.of(ConsentEvent.marker(ConsentEvent.Kind.PURGED, consent.id(),
                        consent.professionalId(), null, recordedAt, recordedAt)));
                jdbc.sql("update consent set e164 = null, nsn = null, status = 'PURGED', purged_at = ? where id = ?")
                        .params(utc(recordedAt), consent.id())
                        .update();
            }
            return due.size();
        });
    }

    private byte[] commit(String raw) {
        return raw == null ? null : commitment.commit(raw);
    }

    private Head lockHead() {
        return jdbc.sql("select sequence, hash from consent_chain_head where id = 1 for update")
                .query((rs, n) -> new Head(rs.getLong(1), Hex.decode(rs.getString(2))))
                .single();
    }

    private record Head(long sequence, byte[] hash) {
    }

    /** Links and inserts {@code events} after the head, locking it for the rest of the caller's transaction. */
    private List<ConsentEvent> appendLocked(List<ConsentEvent> events) {
        if (events.isEmpty()) {
            return events;
        }
        // Locking again when the caller already holds the lock is free, and reads the head as it is now.
        Head head = lockHead();
        CanonicalEncoder encoder = encoders.get();
        HashChain hasher = hashers.get();
        List<ConsentEvent> linked = new ArrayList<>(events.size());
        long sequence = head.sequence();
        byte[] previous = head.hash();
        for (ConsentEvent event : events) {
            sequence++;
            byte[] hash = hasher.linkHash(previous, sequence, event.content(encoder));
            linked.add(event.linked(sequence, previous, hash));
            previous = hash;
        }
        insertRows("consent_event", ConsentEvent.COLUMNS, EVENT_COLUMNS, linked, ConsentLedger::bindEvent);
        jdbc.sql("update consent_chain_head set sequence = ?, hash = ? where id = 1")
                .params(sequence, Hex.encode(previous))
                .update();
        return linked;
    }

    /** Binds the columns of one row from parameter {@code i} on. */
    @FunctionalInterface
    private interface RowBinder<T> {
        void bind(PreparedStatement ps, int i, T row) throws SQLException;
    }

    /** Inserts {@code rows} with multi-row insert statements of up to {@value #ROWS_PER_INSERT} rows. */
    private <T> void insertRows(String table, String columns, int columnCount, List<T> rows, RowBinder<T> binder) {
        for (int from = 0; from < rows.size(); from += ROWS_PER_INSERT) {
            List<T> chunk = rows.subList(from, Math.min(rows.size(), from + ROWS_PER_INSERT));
            String row = "(" + "?, ".repeat(columnCount - 1) + "?)";
            String sql = "insert into " + table + " (" + columns + ") values "
                    + String.join(", ", java.util.Collections.nCopies(chunk.size(), row));
            template.execute(sql, (PreparedStatement ps) -> {
                int parameter = 1;
                for (T value : chunk) {
                    binder.bind(ps, parameter, value);
                    parameter += columnCount;
                }
                return ps.executeUpdate();
            });
        }
    }

    private static void bindEvent(PreparedStatement ps, int i, ConsentEvent e) throws SQLException {
        ps.setLong(i++, e.sequence());
        ps.setString(i++, e.kind().name());
        ps.setObject(i++, e.consentId());
        ps.setLong(i++, e.professionalId());
        ps.setString(i++, e.e164());
        ps.setBytes(i++, e.e164Commitment());
        if (e.nsn() == null) {
            ps.setNull(i++, Types.INTEGER);
        } else {
            ps.setInt(i++, e.nsn());
        }
        ps.setBytes(i++, e.nsnCommitment());
        ps.setString(i++, e.personRef());
        ps.setBytes(i++, e.personRefCommitment());
        ps.setString(i++, ConsentEvent.join(e.thirdParties()));
        ps.setString(i++, ConsentEvent.join(e.purposes()));
        ps.setString(i++, e.channel());
        setInstant(ps, i++, e.collectedAt());
        ps.setString(i++, e.noticeSha256());
        ps.setString(i++, e.evidenceKind());
        ps.setString(i++, e.evidenceIp());
        ps.setBytes(i++, e.evidenceIpCommitment());
        ps.setString(i++, e.evidenceUserAgent());
        ps.setBytes(i++, e.evidenceUserAgentCommitment());
        ps.setString(i++, e.evidenceRef());
        ps.setBytes(i++, e.evidenceRefCommitment());
        setInstant(ps, i++, e.evidenceAt());
        setInstant(ps, i++, e.validFrom());
        setInstant(ps, i++, e.validUntil());
        if (e.slotDate() == null) {
            ps.setNull(i++, Types.DATE);
            ps.setNull(i++, Types.TIME);
            ps.setNull(i++, Types.TIME);
        } else {
            ps.setObject(i++, e.slotDate());
            ps.setObject(i++, e.slotStart());
            ps.setObject(i++, e.slotEnd());
        }
        setInstant(ps, i++, e.occurredAt());
        setInstant(ps, i++, e.recordedAt());
        ps.setBytes(i++, e.prevHash());
        ps.setBytes(i, e.hash());
    }

    private static void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(index, utc(value));
        }
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }
}
