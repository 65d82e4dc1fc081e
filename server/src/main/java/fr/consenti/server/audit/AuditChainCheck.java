package fr.consenti.server.audit;

import fr.consenti.core.proof.BreakKind;
import fr.consenti.core.proof.ChainLink;
import fr.consenti.core.proof.ChainVerdict;
import fr.consenti.core.proof.ChainVerifier;
import fr.consenti.core.proof.Checkpoint;
import fr.consenti.core.proof.Hex;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Checks the audit chain straight from the database with plain JDBC (the command-line tool has no Spring): every
 * row re-encoded and re-hashed in sequence order, then the end compared with the recorded head, so that a row
 * changed, deleted, inserted or cut off at the end shows, and the first broken one is named.
 */
public final class AuditChainCheck {

    private AuditChainCheck() {
    }

    public static ChainVerdict verify(Connection connection) throws SQLException {
        Checkpoint head;
        try (PreparedStatement statement = connection.prepareStatement(
                "select sequence, hash from audit_chain_head where id = 1");
             ResultSet rs = statement.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("audit_chain_head has no row: not a Consenti database, or it was tampered with");
            }
            head = new Checkpoint(rs.getLong("sequence"), rs.getString("hash"));
        }
        try (PreparedStatement statement = connection.prepareStatement("""
                select sequence, at, actor, action, subject, details, prev_hash, hash
                from audit_event order by sequence""")) {
            statement.setFetchSize(1000);
            try (ResultSet rs = statement.executeQuery()) {
                ChainVerdict verdict = ChainVerifier.fromGenesis().verify(new Rows(rs), head.sequence() == 0 ? null : head);
                if (verdict instanceof ChainVerdict.Intact intact && intact.headSequence() > head.sequence()) {
                    // Rows past the recorded head were added behind the application's back.
                    return new ChainVerdict.Broken(head.sequence() + 1, BreakKind.SEQUENCE_GAP,
                            Long.toString(head.sequence()), Long.toString(intact.headSequence()));
                }
                return verdict;
            }
        }
    }

    /** The rows as chain links, read one at a time. */
    private static final class Rows implements Iterator<ChainLink> {

        private final ResultSet rs;
        private Boolean hasNext;

        Rows(ResultSet rs) {
            this.rs = rs;
        }

        @Override
        public boolean hasNext() {
            if (hasNext == null) {
                try {
                    hasNext = rs.next();
                } catch (SQLException e) {
                    throw new IllegalStateException("reading audit_event: " + e.getMessage(), e);
                }
            }
            return hasNext;
        }

        @Override
        public ChainLink next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            hasNext = null;
            try {
                OffsetDateTime at = rs.getObject("at", OffsetDateTime.class);
                byte[] content = AuditLog.content(at.toInstant(), rs.getString("actor"), rs.getString("action"),
                        rs.getString("subject"), rs.getString("details"));
                return new ChainLink(rs.getLong("sequence"), content, hash(rs.getString("prev_hash")),
                        hash(rs.getString("hash")));
            } catch (SQLException e) {
                throw new IllegalStateException("reading audit_event: " + e.getMessage(), e);
            }
        }

        /** A stored hash, or null when tampering left something that is not hex: the verifier reports it. */
        private static byte[] hash(String hex) {
            try {
                return hex == null ? null : Hex.decode(hex);
            } catch (IllegalArgumentException notHex) {
                return null;
            }
        }
    }
}
