package fr.consenti.server.consent;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * A consent to record, as the API receives it (and as each line of a bulk import is read). Times are strings so
 * that a malformed one is reported under its own field name like any other mistake.
 */
@Schema(description = "A consent to record (RULES.md §3).")
record ConsentRequest(
        @Schema(description = "The number that consented, in any usual French form.", example = "06 12 34 56 78")
        String number,
        @Schema(description = "Purpose codes the professional defined (POST /api/v1/purposes); at least one.",
                example = "[\"ENERGY_RENOVATION\"]")
        List<String> purposes,
        @Schema(description = "How consent was collected.",
                allowableValues = {"WEB_FORM", "PAPER", "IN_PERSON", "RECORDED_CALL", "IMPORT"})
        String channel,
        @Schema(description = "The notice shown: its text (stored once) or the SHA-256 of a text sent before.")
        Notice notice,
        @Schema(description = "Evidence of the positive act.")
        Evidence evidence,
        @Schema(description = "When consent was collected (ISO-8601 with offset); now by default. A past time "
                + "imports a consent collected before adopting Consenti; never in the future.",
                example = "2026-09-01T10:15:00+02:00")
        String collectedAt,
        @Schema(description = "End of validity; by default and at most collectedAt + consent.max-validity (P1Y).",
                example = "2027-03-01T00:00:00+01:00")
        String validUntil,
        @Schema(description = "An agreed date and slot outside the legal hours, in the callee's local time.")
        Slot offHoursSlot,
        @Schema(description = "SIRENs of third parties (call centres) allowed to call for this consent.",
                example = "[\"732829320\"]")
        List<String> thirdParties,
        @Schema(description = "The professional's reference of the person, if known.", example = "CUST-0042")
        String personRef) {

    @Schema(description = "Give text (and language) the first time; sha256 alone afterwards.")
    record Notice(
            @Schema(description = "Exact text shown.") String text,
            @Schema(description = "SHA-256 (lower-case hex) of the UTF-8 text of a notice already stored.") String sha256,
            @Schema(description = "BCP 47 language of the text; fr by default.", example = "fr") String language) {
    }

    @Schema(description = """
            FORM_SUBMISSION (channel WEB_FORM): ip, userAgent, submittedAt. CALL_RECORDING (RECORDED_CALL): \
            recordingRef, saidYesAt (the "oui"). DOCUMENT (PAPER, IN_PERSON): documentRef, signedAt. \
            IMPORT accepts any of them.""")
    record Evidence(
            @Schema(allowableValues = {"FORM_SUBMISSION", "CALL_RECORDING", "DOCUMENT"}) String kind,
            @Schema(example = "203.0.113.7") String ip,
            String userAgent,
            @Schema(example = "2026-09-01T10:15:00+02:00") String submittedAt,
            String recordingRef,
            String saidYesAt,
            String documentRef,
            String signedAt) {
    }

    @Schema(description = "Date and slot (start inclusive, end exclusive) in the callee's time zone.")
    record Slot(
            @Schema(example = "2026-09-12") String date,
            @Schema(example = "20:30") String start,
            @Schema(example = "21:00") String end) {
    }
}
