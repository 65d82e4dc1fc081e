package fr.consenti.server.registry;

import java.io.ByteArrayOutputStream;
import org.openpdf.text.Document;
import org.openpdf.text.Font;
import org.openpdf.text.PageSize;
import org.openpdf.text.Paragraph;
import org.openpdf.text.pdf.PdfWriter;

/** The receipt as a PDF (OpenPDF): the same words as the mail, on an A4 page, with the document's metadata. */
final class ReceiptPdf {

    private ReceiptPdf() {
    }

    static byte[] render(RegistryReceipts.Receipt receipt, String email, RegistryPolicy policy) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Document document = new Document(PageSize.A4, 56, 56, 56, 56);
        PdfWriter.getInstance(document, out);
        document.addTitle(ReceiptText.title(receipt));
        document.addAuthor("Consenti, liste d'opposition au démarchage téléphonique");
        document.addCreator("Consenti");
        document.open();
        Font title = new Font(Font.HELVETICA, 15, Font.BOLD);
        Font body = new Font(Font.HELVETICA, 11, Font.NORMAL);
        Paragraph heading = new Paragraph(ReceiptText.title(receipt), title);
        heading.setSpacingAfter(14);
        document.add(heading);
        for (String text : ReceiptText.paragraphs(receipt, email, policy)) {
            Paragraph paragraph = new Paragraph(text, body);
            paragraph.setSpacingAfter(10);
            document.add(paragraph);
        }
        document.close();
        return out.toByteArray();
    }
}
