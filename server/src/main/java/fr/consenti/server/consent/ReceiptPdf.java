package fr.consenti.server.consent;

import fr.consenti.core.proof.Base64Url;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.openpdf.text.Document;
import org.openpdf.text.Element;
import org.openpdf.text.Font;
import org.openpdf.text.FontFactory;
import org.openpdf.text.PageSize;
import org.openpdf.text.Paragraph;
import org.openpdf.text.Phrase;
import org.openpdf.text.pdf.PdfPCell;
import org.openpdf.text.pdf.PdfPTable;
import org.openpdf.text.pdf.PdfWriter;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The readable form of a signed consent receipt: every field of the signed payload, in French and English, then the
 * JWS itself, which is what proves it ({@code ./consenti verify-receipt}). The PDF is read from the JWS alone, so it
 * cannot say anything the signature does not cover, except the notice text, whose SHA-256 the receipt signs.
 */
@Component
final class ReceiptPdf {

    static final String CONTENT_TYPE = "application/pdf";
    /** Characters of the JWS per printed line: it has no spaces to wrap at. */
    static final int JWS_LINE = 88;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Font TITLE = FontFactory.getFont(FontFactory.HELVETICA_BOLD, 16);
    private static final Font LABEL = FontFactory.getFont(FontFactory.HELVETICA_BOLD, 9);
    private static final Font TEXT = FontFactory.getFont(FontFactory.HELVETICA, 9);
    private static final Font SMALL = FontFactory.getFont(FontFactory.HELVETICA, 8);
    private static final Font MONO = FontFactory.getFont(FontFactory.COURIER, 7);

    static String filename(String consentId) {
        return "recu-consentement-" + consentId + ".pdf";
    }

    /** The PDF of {@code jws}; {@code noticeText} is the text whose SHA-256 the receipt names (may be null). */
    byte[] render(String jws, String noticeText, String keysUrl) {
        JsonNode receipt = payload(jws);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Document document = new Document(PageSize.A4, 48, 48, 48, 48);
        PdfWriter.getInstance(document, out);
        document.addTitle("Reçu de consentement " + receipt.path("recordId").asString(""));
        document.addCreator("Consenti");
        document.open();
        document.add(new Paragraph("Reçu de consentement au démarchage téléphonique", TITLE));
        document.add(new Paragraph("Consent receipt for telephone canvassing", TEXT));
        document.add(new Paragraph(" ", SMALL));

        PdfPTable table = new PdfPTable(new float[] {2.2f, 5f});
        table.setWidthPercentage(100);
        row(table, "Consentement / Consent", receipt.path("recordId").asString(""));
        row(table, "État / State", receipt.path("state").asString(""));
        row(table, "Émis le / Issued at", receipt.path("issuedAt").asString(""));
        row(table, "Numéro / Number", receipt.path("piiPrincipalId").asString(""));
        row(table, "Professionnel / Professional", party(receipt.path("piiController")));
        List<String> callers = new ArrayList<>();
        receipt.path("authorisedCallers").forEach(caller -> callers.add(party(caller)));
        row(table, "Tiers autorisés à appeler / Authorised callers", callers.isEmpty() ? "—" : String.join("\n", callers));
        List<String> purposes = new ArrayList<>();
        receipt.path("purposes").forEach(p -> purposes.add(p.path("code").asString("") + " : "
                + p.path("label").asString("") + " (" + p.path("nature").asString("") + ")"));
        row(table, "Finalités / Purposes", String.join("\n", purposes));
        JsonNode collection = receipt.path("collection");
        row(table, "Canal / Channel", collection.path("channel").asString(""));
        row(table, "Recueilli le / Collected at", collection.path("collectedAt").asString(""));
        JsonNode evidence = collection.path("evidence");
        row(table, "Preuve / Evidence", evidence.path("kind").asString("") + " — "
                + evidence.path("summary").asString("") + " — " + evidence.path("at").asString(""));
        JsonNode validity = receipt.path("validity");
        row(table, "Valable du / Valid from", validity.path("from").asString(""));
        row(table, "Jusqu'au / Until", validity.path("until").asString(""));
        JsonNode slot = receipt.path("offHoursSlot");
        row(table, "Créneau hors horaires / Agreed off-hours slot", slot.isObject()
                ? slot.path("from").asString("") + " → " + slot.path("until").asString("") : "—");
        JsonNode notice = receipt.path("notice");
        row(table, "Information affichée (SHA-256) / Notice shown", notice.path("sha256").asString("") + " ("
                + notice.path("language").asString("") + ")");
        JsonNode chain = receipt.path("chain");
        row(table, "Position dans le registre / Ledger position", "#" + chain.path("sequence").asString("")
                + " — " + chain.path("linkHash").asString(""));
        document.add(table);

        if (noticeText != null) {
            document.add(new Paragraph(" ", SMALL));
            document.add(new Paragraph("Texte de l'information affichée / Notice text", LABEL));
            document.add(new Paragraph(noticeText, TEXT));
        }
        document.add(new Paragraph(" ", SMALL));
        document.add(new Paragraph("Vous pouvez retirer ce consentement à tout moment, aussi simplement que vous "
                + "l'avez donné, y compris depuis votre portefeuille de consentements Consenti. / You may withdraw "
                + "this consent at any time, as easily as you gave it.", SMALL));
        document.add(new Paragraph(" ", SMALL));
        document.add(new Paragraph("Reçu signé (JWS, EdDSA) / Signed receipt", LABEL));
        Paragraph signed = new Paragraph();
        signed.setFont(MONO);
        for (int from = 0; from < jws.length(); from += JWS_LINE) {
            signed.add(new Phrase(jws.substring(from, Math.min(jws.length(), from + JWS_LINE)) + "\n", MONO));
        }
        document.add(signed);
        document.add(new Paragraph("Vérification / Verification : ./consenti verify-receipt <fichier> --server <adresse>"
                + " ; clé publique / public key : " + keysUrl, SMALL));
        document.close();
        return out.toByteArray();
    }

    private static JsonNode payload(String jws) {
        String[] parts = jws.split("\\.", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a compact JWS");
        }
        return JSON.readTree(new String(Base64Url.decode(parts[1]), StandardCharsets.UTF_8));
    }

    private static String party(JsonNode party) {
        String name = party.path("name").asString("");
        String siren = party.path("siren").asString("");
        return name.isEmpty() ? "SIREN " + siren : name + " (SIREN " + siren + ")";
    }

    private static void row(PdfPTable table, String label, String value) {
        PdfPCell name = new PdfPCell(new Phrase(label, LABEL));
        name.setPadding(4);
        name.setVerticalAlignment(Element.ALIGN_TOP);
        PdfPCell content = new PdfPCell(new Phrase(value, TEXT));
        content.setPadding(4);
        table.addCell(name);
        table.addCell(content);
    }
}
