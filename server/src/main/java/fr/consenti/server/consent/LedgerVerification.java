package fr.consenti.server.consent;

import fr.consenti.core.proof.CanonicalEncoder;
import fr.consenti.core.proof.ChainLink;
import fr.consenti.core.proof.ChainVerdict;
import fr.consenti.core.proof.ChainVerifier;
import fr.consenti.core.proof.Checkpoint;
import fr.consenti.core.proof.FieldCommitment;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;

/**
 * Walks the whole consent ledger in sequence order with plain JDBC, so that the command-line tool can run it without
 * the server, and checks that it reaches the head recorded in {@code consent_chain_head} (rows deleted at the end
 * show as truncation). Memory stays flat: one row at a time, streamed with a fetch size.
 */
public final class LedgerVerification {

    /** The verdict, and for a broken chain the consent whose row broke it (when that row still exists). */
    public record Result(ChainVerdict verdict, Optional<UUID> brokenConsent) {
    }

    private LedgerVerification() {
    }

    public static Result verify(Connection connection, FieldCommitment commitment) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        // PostgreSQL streams a result set only inside a transaction; otherwise it reads every row into memory.
        connection.setAutoCommit(false);
        try {
            Checkpoint head = head(connection);
            ChainVerdict verdict;
            try (PreparedStatement select = connection.prepareStatement(
                    "select " + ConsentEvent.COLUMNS + " from consent_event order by sequence")) {
                select.setFetchSize(1000);
                try (ResultSet rs = select.executeQuery()) {
                    verdict = ChainVerifier.fromGenesis().verify(new Rows(rs, new CanonicalEncoder(commitment)), head);
                }
            }
            Optional<UUID> consent = Optional.empty();
            if (verdict instanceof ChainVerdict.Broken broken) {
                consent = consentAt(connection, broken.sequence());
            }
            connection.commit();
            return new Result(verdict, consent);
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private static Checkpoint head(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "select sequence, hash from consent_chain_head where id = 1");
             ResultSet rs = select.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("consent_chain_head has no row: the ledger schema is damaged");
            }
            return new Checkpoint(rs.getLong(1), rs.getString(2));
        }
    }

    private static Optional<UUID> consentAt(Connection connection, long sequence) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "select consent_id from consent_event where sequence = ?")) {
            select.setLong(1, sequence);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(rs.getObject(1, UUID.class)) : Optional.empty();
            }
        }
    }

    /** The rows as chain links; a row that cannot even be read back (a value forced into a column) is a broken link. */
    private static final class Rows implements Iterator<ChainLink> {

        private final ResultSet rs;
        private final CanonicalEncoder encoder;
        private Boolean hasNext;

        Rows(ResultSet rs, CanonicalEncoder encoder) {
            this.rs = rs;
            this.encoder = encoder;
        }

        @Override
        public boolean hasNext() {
            if (hasNext == null) {
                try {
                    hasNext = rs.next();
                } catch (SQLException e) {
                    throw new IllegalStateException("reading consent_event failed", e);
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
                long sequence = rs.getLong("sequence");
                byte[] content;
                try {
                    content = ConsentEvent.read(rs).content(encoder);
                } catch (IllegalArgumentException e) {
                    // An unknown kind, a lone surrogate, a commitment of the wrong length: the row was altered.
                    content = null;
                }
                return new ChainLink(sequence, content, rs.getBytes("prev_hash"), rs.getBytes("hash"));
            } catch (SQLException e) {
                throw new IllegalStateException("reading consent_event failed", e);
            }
        }
    }
}
