package fr.consenti.server.consent;

import fr.consenti.core.proof.ChainVerdict;
import fr.consenti.server.accounts.SignedInPerson;
import fr.consenti.server.audit.AuditLog;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator's check of the whole consent ledger, the same as {@code ./consenti consents verify}
 * ({@link LedgerVerification}): every row re-hashed in order up to the recorded head; answers intact, or the first
 * broken link and its consent. For registry operator staff and authority agents signed in on the pages (their
 * session, see SecurityConfig); every run is in the audit log with who ran it and what it found.
 */
@RestController
final class LedgerVerificationController {

    /** The verdict: intact with the head reached, or the first broken sequence, why, and the consent it belongs to. */
    record Verification(boolean intact, long rowsChecked, Long headSequence, Long brokenSequence, String breakKind,
                        String expected, String found, UUID brokenConsent, Instant at) {
    }

    private final DataSource dataSource;
    private final LedgerKeys keys;
    private final AuditLog audit;
    private final Clock clock;

    LedgerVerificationController(DataSource dataSource, LedgerKeys keys, AuditLog audit, Clock clock) {
        this.dataSource = dataSource;
        this.keys = keys;
        this.audit = audit;
        this.clock = clock;
    }

    @GetMapping("/operator/ledger/verification")
    Verification verify(@AuthenticationPrincipal SignedInPerson person) throws SQLException {
        Instant at = clock.instant();
        LedgerVerification.Result result;
        try (Connection connection = dataSource.getConnection()) {
            result = LedgerVerification.verify(connection, keys.commitment());
        }
        Verification answer = switch (result.verdict()) {
            case ChainVerdict.Intact intact -> new Verification(true, intact.count(), intact.headSequence(),
                    null, null, null, null, null, at);
            case ChainVerdict.Broken broken -> new Verification(false, broken.sequence() - 1, null, broken.sequence(),
                    broken.kind().name(), broken.expected(), broken.actual(), result.brokenConsent().orElse(null), at);
        };
        audit.append("person:" + person.personId(), "CONSENT_LEDGER_VERIFIED", "consent-ledger",
                answer.intact() ? "intact, head " + answer.headSequence()
                        : "broken at " + answer.brokenSequence() + " (" + answer.breakKind() + ")");
        return answer;
    }
}
