package fr.consenti.server.consent;

import fr.consenti.core.proof.CanonicalEncoder;
import fr.consenti.core.proof.ChainLink;
import fr.consenti.core.proof.ChainVerdict;
import fr.consenti.core.proof.FieldCommitment;
import fr.consenti.server.platform.StoredChain;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
        CanonicalEncoder encoder = new CanonicalEncoder(commitment);
        ChainVerdict verdict = StoredChain.verify(connection, "consent_chain_head",
                "select " + ConsentEvent.COLUMNS + " from consent_event order by sequence", rs -> link(rs, encoder));
        Optional<UUID> consent = Optional.empty();
        if (verdict instanceof ChainVerdict.Broken broken) {
            consent = consentAt(connection, broken.sequence());
        }
        return new Result(verdict, consent);
    }

    /** A row that cannot even be read back (a value forced into a column) is a broken link: content null. */
    private static ChainLink link(ResultSet rs, CanonicalEncoder encoder) throws SQLException {
        byte[] content;
        try {
            content = ConsentEvent.read(rs).content(encoder);
        } catch (IllegalArgumentException e) {
            // An unknown kind, a lone surrogate, a commitment of the wrong length: the row was altered.
            content = null;
        }
        return new ChainLink(rs.getLong("sequence"), content, rs.getBytes("prev_hash"), rs.getBytes("hash"));
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
}
