package fr.consenti.server.scrub;

import static org.assertj.core.api.Assertions.assertThat;

import fr.consenti.server.accounts.Professional;
import fr.consenti.server.testsupport.ConsentiIT;
import fr.consenti.server.testsupport.Http;
import fr.consenti.server.testsupport.TestAccounts;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Each oddity of real call files through the HTTP API: a result, or a clear error with the line number; never a
 * 500, never a hang (every wait has a deadline). Campaign date in the opt-out era, against an empty part of the list.
 */
@ConsentiIT
class ScrubInputOdditiesIT {

    static final Charset CP1252 = Charset.forName("windows-1252");

    @LocalServerPort
    int port;
    @Autowired
    TestAccounts accounts;

    ScrubClient client;

    @BeforeEach
    void subscribed() {
        Professional professional = accounts.professional();
        client = new ScrubClient(port, accounts.key(professional).key());
        assertThat(client.subscribe("GRAND_COMPTE").statusCode()).isEqualTo(201);
    }

    JsonNode clean(byte[] file, String... options) {
        String[] all = Arrays.copyOf(options, options.length + 2);
        all[options.length] = "at";
        all[options.length + 1] = "2026-07-01";
        JsonNode job = client.clean(file, all);
        assertThat(job.path("status").asString()).as(job.toString()).isEqualTo("DONE");
        return job;
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void semicolonCommaAndTabSeparatedFilesAreEachReadAndKeptAsWritten() {
        for (String separator : new String[] {";", ",", "\t"}) {
            String file = "nom" + separator + "telephone" + separator + "cp\n"
                    + "Durand" + separator + "06 12 34 56 78" + separator + "75001\n"
                    + "Roux" + separator + "0800123456" + separator + "69001\n";
            JsonNode job = clean(utf8(file));
            String id = job.path("id").asString();
            assertThat(client.resultText(id)).as("separator %s", separator).isEqualTo("nom" + separator + "telephone"
                    + separator + "cp\nDurand" + separator + "06 12 34 56 78" + separator + "75001\n");
            JsonNode format = client.report(id).path("format");
            assertThat(format.path("separator").asString()).isEqualTo(separator.equals("\t") ? "tab" : separator);
            assertThat(format.path("column").asInt()).isEqualTo(2);
        }
    }

    @Test
    void aWindows1252FileWithAccentedNamesComesBackInTheSameBytes() {
        String text = "nom;prénom;téléphone\r\nHéloïse;Anaïs;0612345678\r\nCœur;François;0698765432\r\n";
        byte[] file = text.getBytes(CP1252);
        JsonNode job = clean(file);
        String id = job.path("id").asString();
        assertThat(client.result(id)).isEqualTo(file);
        JsonNode format = client.report(id).path("format");
        assertThat(format.path("encoding").asString()).isEqualTo("windows-1252");
        assertThat(format.path("columnName").asString()).isEqualTo("téléphone");
        assertThat(job.path("rowsKept").asLong()).isEqualTo(2);
    }

    @Test
    void aWindows1252FileCanBeDeclaredAndAUtf8OneIsDetected() {
        byte[] file = "nom;telephone\nGaëlle;0612345678\n".getBytes(CP1252);
        JsonNode job = clean(file, "encoding", "windows-1252");
        assertThat(client.report(job.path("id").asString()).path("format").path("encoding").asString())
                .isEqualTo("windows-1252");
        JsonNode utf = clean(utf8("nom;telephone\nGaëlle;0612345678\n"));
        assertThat(client.report(utf.path("id").asString()).path("format").path("encoding").asString())
                .isEqualTo("UTF-8");
    }

    @Test
    void aByteOrderMarkIsNotTakenForPartOfTheFirstField() {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] body = utf8("0612345678;Durand\n0698765432;Roux\n");
        byte[] file = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, file, 0, 3);
        System.arraycopy(body, 0, file, 3, body.length);
        JsonNode job = clean(file);
        assertThat(job.path("rowsKept").asLong()).isEqualTo(2);
        assertThat(job.path("counts").path("NUMBER_INVALID").asLong()).isZero();
        assertThat(client.report(job.path("id").asString()).path("format").path("bom").asBoolean()).isTrue();
        assertThat(client.resultText(job.path("id").asString())).contains("0612345678;Durand\n", "0698765432;Roux\n");
    }

    @Test
    void quotedFieldsWithSeparatorsAndLineBreaksInsideStayWholeAndLaterLineNumbersCountTheirLines() {
        String file = "nom;telephone;note\n"
                + "\"Dupont; Jean\";0612345678;\"première ligne\nseconde ligne\"\n"
                + "\"Martin \"\"le grand\"\"\";0698765432;ok\n"
                + "Roux;0800123456;\"a;b\"\n";
        JsonNode job = clean(utf8(file));
        String id = job.path("id").asString();
        assertThat(client.resultText(id)).isEqualTo("nom;telephone;note\n"
                + "\"Dupont; Jean\";0612345678;\"première ligne\nseconde ligne\"\n"
                + "\"Martin \"\"le grand\"\"\";0698765432;ok\n");
        assertThat(client.report(id).path("rejections").toString())
                .contains("{\"line\":5,\"reason\":\"NUMBER_NOT_CALLABLE\"");
    }

    @Test
    void anUnterminatedQuoteIsReportedWithTheLineItOpensOn() {
        String file = "nom;telephone\nDurand;0612345678\n\"Roux;0698765432\nPetit;0611111111\n";
        JsonNode job = clean(utf8(file));
        JsonNode report = client.report(job.path("id").asString());
        assertThat(report.path("rejections").toString()).contains("{\"line\":3,\"reason\":\"UNTERMINATED_QUOTE\"");
        assertThat(client.resultText(job.path("id").asString())).isEqualTo("nom;telephone\nDurand;0612345678\n");
    }

    @Test
    void emptyLinesAreSkippedAndCountedAndLineNumbersStillMatchTheFile() {
        String file = "telephone\n\n0612345678\n\r\n\n0800123456\n";
        JsonNode job = clean(utf8(file));
        JsonNode report = client.report(job.path("id").asString());
        assertThat(report.path("emptyLines").asLong()).isEqualTo(3);
        assertThat(report.path("rowsRead").asLong()).isEqualTo(2);
        assertThat(report.path("rejections").toString()).contains("{\"line\":6,\"reason\":\"NUMBER_NOT_CALLABLE\"");
    }

    @Test
    void aNumberThatLostItsLeadingZeroInExcelIsReadAsTheNumber() {
        JsonNode job = clean(utf8("nom;telephone\nDurand;612345678\nRoux;33698765432\n"));
        assertThat(job.path("rowsKept").asLong()).isEqualTo(2);
        assertThat(client.resultText(job.path("id").asString())).contains("Durand;612345678\n");
    }

    @Test
    void aTenMegabyteLineIsRejectedWithItsLineNumberAndTheOtherRowsAreCleaned() {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes(utf8("nom;telephone\nDurand;0612345678\n"));
        byte[] huge = new byte[10 * 1024 * 1024];
        Arrays.fill(huge, (byte) 'x');
        file.writeBytes(huge);
        file.writeBytes(utf8(";0698765432\nRoux;0611111111\n"));
        JsonNode job = clean(file.toByteArray());
        String id = job.path("id").asString();
        assertThat(client.resultText(id)).isEqualTo("nom;telephone\nDurand;0612345678\nRoux;0611111111\n");
        assertThat(client.report(id).path("rejections").toString())
                .contains("{\"line\":3,\"reason\":\"RECORD_TOO_LONG\"");
    }

    @Test
    void binaryGarbageFailsTheJobWithAClearMessageNotAServerError() {
        byte[] garbage = new byte[64 * 1024];
        new Random(6).nextBytes(garbage);
        garbage[10] = 0;
        JsonNode job = client.clean(garbage, "at", "2026-07-01");
        assertThat(job.path("status").asString()).isEqualTo("FAILED");
        assertThat(job.path("error").path("code").asString()).isEqualTo("FILE_UNREADABLE");
        assertThat(job.path("error").path("message").asString()).isNotBlank();
        HttpResponse<String> result = client.http.get("/api/v1/scrub-jobs/" + job.path("id").asString() + "/result");
        assertThat(result.statusCode()).isEqualTo(409);
    }

    @Test
    void anEmptyFileIsRefusedAtOnceNamingTheFile() {
        HttpResponse<String> response = client.submit(new byte[0], "at", "2026-07-01");
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode problem = Http.json(response);
        assertThat(problem.path("code").asString()).isEqualTo("VALIDATION_FAILED");
        assertThat(problem.path("errors").toString()).contains("\"field\":\"file\"", "empty");
    }

    @Test
    void aFileWithoutAnyPhoneColumnFailsWithAClearMessage() {
        JsonNode job = client.clean(utf8("nom;ville\nDurand;Paris\nRoux;Lyon\n"), "at", "2026-07-01");
        assertThat(job.path("status").asString()).isEqualTo("FAILED");
        assertThat(job.path("error").path("code").asString()).isEqualTo("FILE_UNREADABLE");
    }

    @Test
    void aColumnNamedByTheUserIsTheOneScreened() {
        JsonNode job = clean(utf8("fixe;mobile\n0800123456;0612345678\n"), "column", "mobile");
        assertThat(job.path("rowsKept").asLong()).isEqualTo(1);
        JsonNode byPosition = clean(utf8("fixe;mobile\n0800123456;0612345678\n"), "column", "1");
        assertThat(byPosition.path("rowsKept").asLong()).isZero();
    }
}
