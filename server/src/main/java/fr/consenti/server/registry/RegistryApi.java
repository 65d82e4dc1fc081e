package fr.consenti.server.registry;

import fr.consenti.server.accounts.SignedInPerson;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The consumer's API of the opposition list, for a consumer app. It authenticates as the pages do: the app signs in
 * at {@code POST /login} and keeps the session cookie; every request that changes something sends the session's CSRF
 * token in the header {@code X-CSRF-TOKEN} (read it from {@code GET /api/v1/registry/session}). API keys, which are
 * professionals', are not accepted here. Refusals are problem+json with a stable {@code code} and the {@code field}.
 */
@RestController
@RequestMapping("/api/v1/registry")
@Tag(name = "Opposition list (consumer)", description = "Register numbers on the opposition list, see and remove them, "
        + "download receipts (RULES.md §8). Session cookie of a signed-in consumer, CSRF token in X-CSRF-TOKEN.")
final class RegistryApi {

    private final Registry registry;
    private final RegistryReceipts receipts;
    private final Clock clock;

    RegistryApi(Registry registry, RegistryReceipts receipts, Clock clock) {
        this.registry = registry;
        this.receipts = receipts;
        this.clock = clock;
    }

    record Session(String email, int maxNumbers, String csrfHeader, String csrfToken) {
    }

    @GetMapping("/session")
    @Operation(summary = "Who is signed in, the numbers cap, and the CSRF token to send with changes")
    Session session(@AuthenticationPrincipal SignedInPerson me, HttpServletRequest request) {
        CsrfToken token = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        return new Session(me.email(), registry.policy().maxNumbersPerConsumer(), token.getHeaderName(), token.getToken());
    }

    record NumberRequest(String number) {
    }

    record CodeSent(String number, String sentTo) {
    }

    @PostMapping("/codes")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Send a one-time code by SMS to a number the consumer wants to register")
    CodeSent code(@AuthenticationPrincipal SignedInPerson me, @RequestBody NumberRequest body) {
        String e164 = registry.requestCode(me.personId(), body == null ? null : body.number()).e164();
        return new CodeSent(e164, e164);
    }

    record ProofRequest(String number, String code) {
    }

    record Proved(String number, Instant provedAt, int consentsToWithdraw, Instant effectiveFrom, Instant termEnd) {
    }

    @PostMapping("/proofs")
    @Operation(summary = "Prove the number with the code; says how many consents registering it would withdraw")
    Proved prove(@AuthenticationPrincipal SignedInPerson me, @RequestBody ProofRequest body) {
        Registry.Pending pending = registry.prove(me.personId(), body == null ? null : body.number(),
                body == null ? null : body.code());
        // A number on the list through the former registry's import stays on it: taken over, effective at once.
        Instant effective = pending.imported() ? pending.provedAt() : registry.policy().effectiveFrom(pending.provedAt());
        return new Proved(pending.e164(), pending.provedAt(), pending.consentsToWithdraw(), effective,
                registry.policy().termEnd(effective));
    }

    record Pending(String number, Instant provedAt, int consentsToWithdraw) {
    }

    record Preview(List<Pending> numbers, boolean withdrawsConsents, int consentsToWithdraw, Instant effectiveFrom,
                   Instant termEnd) {
    }

    @GetMapping("/pending")
    @Operation(summary = "The proved numbers waiting for confirmation, and what confirming now would do")
    Preview pending(@AuthenticationPrincipal SignedInPerson me) {
        Registry.Preview preview = registry.preview(me.personId());
        return new Preview(preview.numbers().stream()
                .map(p -> new Pending(p.e164(), p.provedAt(), p.consentsToWithdraw())).toList(),
                preview.withdrawsConsents(), preview.consentsToWithdraw(), preview.effectiveFrom(), preview.termEnd());
    }

    /**
     * @param numbers            the proved numbers to register; all of them when absent
     * @param consentsToWithdraw the count of consents the consumer was told registering withdraws (from the proofs or
     *                           {@code /pending}); required when it is not zero
     */
    record RegistrationRequest(List<String> numbers, Integer consentsToWithdraw) {
    }

    /** {@code takenOver}: numbers already on the list through the former registry, now the consumer's, effective at once. */
    record Registered(long receiptId, List<String> numbers, Instant registeredAt, Instant effectiveFrom,
                      Instant termEnd, int consentsWithdrawn, String receipt, List<String> takenOver) {
    }

    @PostMapping("/registrations")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Register the proved numbers; returns the receipt (also mailed)",
            description = "409 CONSENTS_NOT_ACKNOWLEDGED when consentsToWithdraw is not the number of consents "
                    + "registering withdraws now; 409 TOO_MANY_NUMBERS past the cap.")
    Registered register(@AuthenticationPrincipal SignedInPerson me, @RequestBody(required = false) RegistrationRequest body) {
        Registry.Registration done = registry.register(me.personId(), body == null ? List.of() : body.numbers(),
                body == null ? null : body.consentsToWithdraw());
        return new Registered(done.receiptId(), done.numbers(), done.registeredAt(), done.effectiveFrom(),
                done.termEnd(), done.consentsWithdrawn(), "/api/v1/registry/receipts/" + done.receiptId() + "/pdf",
                done.takenOver());
    }

    record Held(String number, Instant registeredAt, Instant effectiveFrom, Instant termEnd, boolean effective,
                long receiptId) {
    }

    @GetMapping("/numbers")
    @Operation(summary = "The consumer's registered numbers with their dates")
    List<Held> numbers(@AuthenticationPrincipal SignedInPerson me) {
        Instant now = clock.instant();
        return registry.held(me.personId()).stream().map(h -> new Held(h.e164(), h.registeredAt(), h.effectiveFrom(),
                h.termEnd(), h.effectiveAt(now), h.receiptId())).toList();
    }

    @DeleteMapping("/numbers/{number}")
    @Operation(summary = "Take one number off the list, at once")
    ResponseEntity<Void> remove(@AuthenticationPrincipal SignedInPerson me, @PathVariable String number) {
        registry.remove(me.personId(), number);
        return ResponseEntity.noContent().build();
    }

    record Unregistered(int removed) {
    }

    @DeleteMapping("/numbers")
    @Operation(summary = "Unregister: take every number of the consumer off the list, at once")
    Unregistered unregister(@AuthenticationPrincipal SignedInPerson me) {
        return new Unregistered(registry.unregister(me.personId()));
    }

    record Line(String number, Instant registeredAt, Instant effectiveFrom, Instant termStart, Instant termEnd) {
    }

    record Receipt(long id, String kind, Instant issuedAt, int consentsWithdrawn, List<Line> numbers, String pdf) {
    }

    @GetMapping("/receipts")
    @Operation(summary = "The consumer's receipts, newest first")
    List<Receipt> receipts(@AuthenticationPrincipal SignedInPerson me) {
        return receipts.of(me.personId()).stream().map(r -> new Receipt(r.id(), r.kind(), r.issuedAt(),
                r.consentsWithdrawn(), r.lines().stream().map(l -> new Line(l.e164(), l.registeredAt(),
                        l.effectiveFrom(), l.termStart(), l.termEnd())).toList(),
                "/api/v1/registry/receipts/" + r.id() + "/pdf")).toList();
    }

    @GetMapping("/receipts/{id}/pdf")
    @Operation(summary = "A receipt as PDF")
    ResponseEntity<byte[]> pdf(@AuthenticationPrincipal SignedInPerson me, @PathVariable long id) {
        RegistryReceipts.Receipt receipt = receipts.find(me.personId(), id).orElseThrow(() -> problem(RegistryRefusal.notFound("id")));
        return RegistryPages.pdfResponse(receipt, ReceiptPdf.render(receipt, me.email(), registry.policy()));
    }

    @ExceptionHandler(RegistryRefusal.class)
    ResponseEntity<ProblemDetail> refused(RegistryRefusal refusal) {
        return ResponseEntity.status(refusal.status()).contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem(refusal).getBody());
    }

    static ErrorResponseException problem(RegistryRefusal refusal) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(refusal.status(), refusal.getMessage());
        problem.setProperty("code", refusal.code());
        problem.setProperty("field", refusal.field());
        problem.setProperty("errors", List.of(Map.of("field", refusal.field(), "message", refusal.getMessage())));
        return new ErrorResponseException(refusal.status(), problem, null);
    }
}
