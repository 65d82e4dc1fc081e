package fr.consenti.server.audit;

import fr.consenti.core.proof.ChainLink;
import fr.consenti.core.proof.ChainVerdict;
import fr.consenti.core.proof.Hex;
import fr.consenti.server.platform.StoredChain;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;

/**
 * Checks the audit chain straight from the database with plain JDBC (the command-line tool has no Spring), against
 * the head recorded in {@code audit_chain_head}, and names the first broken row.
 */
public final class AuditChainCheck {

    private AuditChainCheck() {
    }

    public static ChainVerdict verify(Connection connection) throws SQLException {
        return StoredChain.verify(connection, "audit_chain_head", """
                select sequence, at, actor, action, subject, details, prev_hash, hash
                from audit_event order by sequence""", AuditChainCheck::link);
    }

    private static ChainLink link(ResultSet rs) throws SQLException {
        OffsetDateTime at = rs.getObject("at", OffsetDateTime.class);
        byte[] content = AuditLog.content(at.toInstant(), rs.getString("actor"), rs.getString("action"),
                rs.getString("subject"), rs.getString("details"));
        return new ChainLink(rs.getLong("sequence"), content, hash(rs.getString("prev_hash")),
                hash(rs.getString("hash")));
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
