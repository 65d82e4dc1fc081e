package fr.consenti.server.consent;

import fr.consenti.core.number.FrenchNumber;
import fr.consenti.core.number.NumberError;
import fr.consenti.core.number.NumberParser;
import fr.consenti.server.accounts.SignedInPerson;
import fr.consenti.server.audit.AuditLog;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.multipart.MultipartFile;

/**
 * The consent pages of a professional's staff (role PROFESSIONAL): list and search by number, record one consent,
 * import a CSV file, export, withdraw, the proof bundle and the receipt PDF of one consent. Everything is scoped to
 * the signed-in person's professional; another's consent is not found.
 */
@Controller
final class ProConsentsController {

    static final int LATEST = 200;
    private static final ZoneId FRANCE = ZoneId.of("Europe/Paris");

    private final ConsentService consents;
    private final ConsentImports imports;
    private final ProofBundles proofs;
    private final ReceiptDocuments receipts;
    private final AuditLog audit;

    ProConsentsController(ConsentService consents, ConsentImports imports, ProofBundles proofs,
                          ReceiptDocuments receipts, AuditLog audit) {
        this.consents = consents;
        this.imports = imports;
        this.proofs = proofs;
        this.receipts = receipts;
        this.audit = audit;
    }

    /** The fields of the form that records one consent. */
    record ConsentForm(String number, List<String> purposes, String channel, String notice, String evidenceIp,
                       String evidenceUserAgent, String evidenceRef, String evidenceAt, String collectedAt,
                       String personRef) {

        ConsentRequest request() {
            String kind = switch (channel == null ? "" : channel) {
                case "WEB_FORM" -> "FORM_SUBMISSION";
                case "RECORDED_CALL" -> "CALL_RECORDING";
                case "PAPER", "IN_PERSON" -> "DOCUMENT";
                default -> null;
            };
            String at = offset(evidenceAt);
            ConsentRequest.Evidence evidence = new ConsentRequest.Evidence(kind, blank(evidenceIp),
                    blank(evidenceUserAgent), "FORM_SUBMISSION".equals(kind) ? at : null,
                    "CALL_RECORDING".equals(kind) ? blank(evidenceRef) : null, "CALL_RECORDING".equals(kind) ? at : null,
                    "DOCUMENT".equals(kind) ? blank(evidenceRef) : null, "DOCUMENT".equals(kind) ? at : null);
            return new ConsentRequest(number, purposes == null ? List.of() : purposes, channel,
                    new ConsentRequest.Notice(blank(notice), null, "fr"), evidence, offset(collectedAt), null, null,
                    null, blank(personRef));
        }

        /** A datetime-local value read in French time, as the ISO-8601 time with offset the ledger takes. */
        private static String offset(String local) {
            String value = blank(local);
            if (value == null) {
                return null;
            }
            try {
                return LocalDateTime.parse(value).atZone(FRANCE).toOffsetDateTime().toString();
            } catch (DateTimeException e) {
                return value; // the validator names the field and says what it expects
            }
        }

        private static String blank(String value) {
            return value == null || value.isBlank() ? null : value.strip();
        }
    }

    @GetMapping("/pro/consents")
    String list(@AuthenticationPrincipal SignedInPerson person, @RequestParam(required = false) String number,
                Model model, HttpServletResponse response) {
        long professional = person.professionalId();
        if (number == null || number.isBlank()) {
            model.addAttribute("consents", consents.latest(professional, LATEST));
        } else {
            switch (NumberParser.parse(number)) {
                case NumberError e -> {
                    response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
                    model.addAttribute("numberError", e.message());
                    model.addAttribute("consents", List.of());
                }
                case FrenchNumber n -> {
                    model.addAttribute("e164", n.e164());
                    model.addAttribute("consents", consents.forNumber(professional, n.e164()));
                }
            }
        }
        model.addAttribute("number", number);
        model.addAttribute("purposes", consents.purposes(professional));
        model.addAttribute("channels", ConsentService.WITHDRAWAL_CHANNELS);
        return "pro-consents";
    }

    @GetMapping("/pro/consents/new")
    String newConsent(@AuthenticationPrincipal SignedInPerson person, Model model) {
        model.addAttribute("form", new ConsentForm(null, List.of(), "WEB_FORM", null, null, null, null, null, null,
                null));
        return form(person, model);
    }

    private String form(SignedInPerson person, Model model) {
        model.addAttribute("purposes", consents.purposes(person.professionalId()).values());
        return "pro-consent-new";
    }

    @PostMapping("/pro/consents/new")
    String record(@AuthenticationPrincipal SignedInPerson person, @ModelAttribute("form") ConsentForm form,
                  Model model, HttpServletResponse response) {
        try {
            ConsentService.Recorded recorded = consents.give(person.professionalId(), form.request());
            audit.append("person:" + person.personId(), "CONSENT_RECORDED", "consent:" + recorded.id(),
                    "channel=" + form.channel());
            return "redirect:/pro/consents?recorded&number=" + URLEncoder.encode(recorded.e164(), StandardCharsets.UTF_8);
        } catch (ErrorResponseException e) {
            if (e.getBody().getProperties() == null || !(e.getBody().getProperties().get("errors") instanceof List<?> errors)) {
                throw e;
            }
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("errors", errors);
            return form(person, model);
        }
    }

    @GetMapping("/pro/consents/import")
    String importPage() {
        return "pro-consent-import";
    }

    @PostMapping("/pro/consents/import")
    String importFile(@AuthenticationPrincipal SignedInPerson person, @RequestPart("file") MultipartFile file,
                      Model model, HttpServletResponse response) throws IOException {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(file.getInputStream(),
                StandardCharsets.UTF_8))) {
            ConsentImports.Report report = imports.importCsv(person.professionalId(), reader);
            audit.append("person:" + person.personId(), "CONSENTS_IMPORTED", "professional:" + person.professionalId(),
                    "accepted=" + report.accepted() + " rejected=" + report.rejected());
            model.addAttribute("report", report);
        } catch (ErrorResponseException e) {
            if (e.getBody().getProperties() == null || !(e.getBody().getProperties().get("errors") instanceof List<?> errors)) {
                throw e;
            }
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("headerErrors", errors);
        }
        model.addAttribute("filename", file.getOriginalFilename());
        return "pro-consent-import";
    }

    @GetMapping("/pro/consents/export.csv")
    void export(@AuthenticationPrincipal SignedInPerson person, HttpServletResponse response) throws IOException {
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
                ContentDisposition.attachment().filename("consentements.csv").build().toString());
        audit.append("person:" + person.personId(), "CONSENTS_EXPORTED", "professional:" + person.professionalId(),
                null);
        Writer out = response.getWriter();
        out.write("id;number;status;purposes;third_parties;channel;collected_at;valid_from;valid_until;withdrawn_at\n");
        consents.each(person.professionalId(), c -> {
            try {
                out.write(String.join(";", c.id().toString(), nullable(c.e164()), c.status().name(),
                        String.join(",", c.purposes()), String.join(",", c.thirdParties()), c.channel(),
                        nullable(c.collectedAt()), nullable(c.validFrom()), nullable(c.validUntil()),
                        nullable(c.withdrawnAt())) + "\n");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        out.flush();
    }

    private static String nullable(Object value) {
        return value == null ? "" : value.toString();
    }

    @PostMapping("/pro/consents/{id}/withdrawal")
    String withdraw(@AuthenticationPrincipal SignedInPerson person, @PathVariable UUID id,
                    @RequestParam(defaultValue = "") String channel) {
        List<ConsentEvent> events = consents.events(person.professionalId(), id);
        if (events.isEmpty()) {
            throw Problems.consentNotFound();
        }
        ConsentLedger.Withdrawal withdrawal = consents.withdraw(person.professionalId(), id, channel, null);
        if (withdrawal.recorded()) {
            audit.append("person:" + person.personId(), "CONSENT_WITHDRAWN", "consent:" + id, "channel=" + channel);
        }
        String e164 = events.getFirst().e164();
        return "redirect:/pro/consents?withdrawn"
                + (e164 == null ? "" : "&number=" + URLEncoder.encode(e164, StandardCharsets.UTF_8));
    }

    @GetMapping("/pro/consents/{id}/proof")
    ResponseEntity<ProofBundles.Bundle> proof(@AuthenticationPrincipal SignedInPerson person, @PathVariable UUID id) {
        ProofBundles.Bundle bundle = proofs.bundle(person.professionalId(), id);
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename("preuve-" + id + ".json").build().toString())
                .body(bundle);
    }

    @GetMapping("/pro/consents/{id}/receipt.pdf")
    ResponseEntity<byte[]> receipt(@AuthenticationPrincipal SignedInPerson person, @PathVariable UUID id) {
        return WalletController.pdf(id, receipts.pdf(person.professionalId(), id));
    }
}
