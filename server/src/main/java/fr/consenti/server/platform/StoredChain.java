package fr.consenti.server.platform;

import fr.consenti.core.proof.BreakKind;
import fr.consenti.core.proof.ChainLink;
import fr.consenti.core.proof.ChainVerdict;
import fr.consenti.core.proof.ChainVerifier;
import fr.consenti.core.proof.Checkpoint;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Verifies a hash chain stored in a table (the audit log, the consent ledger) with plain JDBC, so that the
 * command-line tool can run it without the server: every row re-encoded and re-hashed in sequence order, one row at
 * a time, then the end compared with the head recorded beside the table, so that a row changed, deleted, inserted,
 * cut off at the end or added behind the application's back shows, and the first broken one is named.
 */
public final class StoredChain {

    /** Reads the current row of a result set as a chain link; content null when the row cannot even be encoded. */
    @FunctionalInterface
    public interface LinkReader {
        ChainLink read(ResultSet row) throws SQLException;
    }

    private static final int FETCH_SIZE = 1000;

    private StoredChain() {
    }

    /**
     * @param headTable  a one-row table ({@code id = 1}) with the {@code sequence} and {@code hash} of the last row
     * @param selectRows the rows in sequence order, with the columns {@code reader} needs
     */
    public static ChainVerdict verify(Connection connection, String headTable, String selectRows, LinkReader reader)
            throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        // PostgreSQL streams a result set only inside a transaction; otherwise it reads every row into memory.
        connection.setAutoCommit(false);
        try {
            Checkpoint head = head(connection, headTable);
            ChainVerdict verdict;
            try (PreparedStatement select = connection.prepareStatement(selectRows)) {
                select.setFetchSize(FETCH_SIZE);
                try (ResultSet rs = select.executeQuery()) {
                    verdict = ChainVerifier.fromGenesis().verify(new Rows(rs, reader), head);
                }
            }
            connection.commit();
            if (verdict instanceof ChainVerdict.Intact intact && intact.headSequence() > head.sequence()) {
                // Rows past the recorded head were added behind the application's back.
                return new ChainVerdict.Broken(head.sequence() + 1, BreakKind.SEQUENCE_GAP,
                        Long.toString(head.sequence()), Long.toString(intact.headSequence()));
            }
            return verdict;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private static Checkpoint head(Connection connection, String headTable) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "select sequence, hash from " + headTable + " where id = 1");
             ResultSet rs = select.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException(headTable + " has no row: not a Consenti database, or it was tampered with");
            }
            return new Checkpoint(rs.getLong("sequence"), rs.getString("hash"));
        }
    }

    /** The rows as chain links, read one at a time. */
    private static final class Rows implements Iterator<ChainLink> {

        private final ResultSet rs;
        private final LinkReader reader;
        private Boolean hasNext;

        Rows(ResultSet rs, LinkReader reader) {
            this.rs = rs;
            this.reader = reader;
        }

        @Override
        public boolean hasNext() {
            if (hasNext == null) {
                try {
                    hasNext = rs.next();
                } catch (SQLException e) {
                    throw new IllegalStateException("reading the chain's rows: " + e.getMessage(), e);
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
                return reader.read(rs);
            } catch (SQLException e) {
                throw new IllegalStateException("reading the chain's rows: " + e.getMessage(), e);
            }
        }
    }
}
