package fr.consenti.server.registry;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;

/** The receipts (récépissés) the registry issued, stored as issued: what the mail said, the PDF says too. */
@Component
final class RegistryReceipts {

    private final JdbcClient jdbc;

    RegistryReceipts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One number on a receipt, with the term the receipt announces for it. */
    record Line(String e164, Instant registeredAt, Instant effectiveFrom, Instant termStart, Instant termEnd) {

        public String national() {
            return RegistryFormat.national(e164);
        }
    }

    /** A receipt: REGISTRATION or RENEWAL. */
    record Receipt(long id, String kind, Instant issuedAt, int consentsWithdrawn, List<Line> lines) {

        public boolean renewal() {
            return "RENEWAL".equals(kind);
        }
    }

    long open(long personId, String kind, Instant issuedAt) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("insert into registry_receipt (person_id, kind, issued_at) values (?, ?, ?)")
                .params(personId, kind, Registry.utc(issuedAt)).update(key, "id");
        return key.getKeyAs(Long.class);
    }

    void line(long receipt, int lineNo, String e164, Instant registeredAt, Instant effectiveFrom, Instant termStart,
              Instant termEnd) {
        jdbc.sql("""
                        insert into registry_receipt_line (receipt_id, line_no, e164, registered_at, effective_from,
                                                           term_start, term_end)
                        values (?, ?, ?, ?, ?, ?, ?)""")
                .params(receipt, lineNo, e164, Registry.utc(registeredAt), Registry.utc(effectiveFrom),
                        Registry.utc(termStart), Registry.utc(termEnd))
                .update();
    }

    void consentsWithdrawn(long receipt, int count) {
        jdbc.sql("update registry_receipt set consents_withdrawn = ? where id = ?").params(count, receipt).update();
    }

    /** The receipt if it is this person's: another's is as unknown as one that does not exist. */
    Optional<Receipt> find(long personId, long id) {
        return jdbc.sql("select id, kind, issued_at, consents_withdrawn from registry_receipt where id = ? and person_id = ?")
                .params(id, personId)
                .query((rs, n) -> new Receipt(rs.getLong(1), rs.getString(2),
                        rs.getObject(3, OffsetDateTime.class).toInstant(), rs.getInt(4), lines(rs.getLong(1))))
                .optional();
    }

    /** This person's receipts, newest first. */
    List<Receipt> of(long personId) {
        return jdbc.sql("""
                        select id, kind, issued_at, consents_withdrawn from registry_receipt where person_id = ?
                        order by issued_at desc, id desc""")
                .param(personId)
                .query((rs, n) -> new Receipt(rs.getLong(1), rs.getString(2),
                        rs.getObject(3, OffsetDateTime.class).toInstant(), rs.getInt(4), lines(rs.getLong(1))))
                .list();
    }

    private List<Line> lines(long receipt) {
        return jdbc.sql("""
                        select e164, registered_at, effective_from, term_start, term_end from registry_receipt_line
                        where receipt_id = ? order by line_no""")
                .param(receipt)
                .query((rs, n) -> new Line(rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant(),
                        rs.getObject(3, OffsetDateTime.class).toInstant(), rs.getObject(4, OffsetDateTime.class).toInstant(),
                        rs.getObject(5, OffsetDateTime.class).toInstant()))
                .list();
    }
}
