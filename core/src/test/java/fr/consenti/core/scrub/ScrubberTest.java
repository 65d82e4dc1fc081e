package fr.consenti.core.scrub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One test per oddity of the call files people upload (issue 6), and one per reason a row is removed. */
class ScrubberTest {

    static final Charset CP1252 = Charset.forName("windows-1252");
    /** On the opposition list in these tests. */
    static final String LISTED = "0698765432";
    /** The professional's objection in these tests. */
    static final String OBJECTED = "0611111111";
    static final NumberScreen OPT_OUT = NumberScreen.optOut(NumberSet.of(698_765_432), NumberSet.of(611_111_111));

    record Result(ScrubReport report, byte[] output) {
        String text() {
            return new String(output, StandardCharsets.UTF_8);
        }

        List<Long> rejectedLines() {
            return report.rejections().stream().map(Rejection::line).toList();
        }
    }

    /** Scrubs on one thread and pipelined, checks that both give the same, and returns it. */
    static Result scrub(byte[] input, ScrubOptions options, NumberScreen screen) {
        Result single = scrub(new ByteArrayInputStream(input), options.withPipelined(false), screen);
        Result pipelined = scrub(new ByteArrayInputStream(input), options.withPipelined(true), screen);
        assertThat(pipelined.output()).isEqualTo(single.output());
        assertThat(pipelined.report()).isEqualTo(single.report());
        return single;
    }

    static Result scrub(InputStream input, ScrubOptions options, NumberScreen screen) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ScrubReport report = new Scrubber(screen, options).scrub(input, out);
            assertThat(report.rowsKept() + report.rowsRejected()).isEqualTo(report.rowsRead());
            return new Result(report, out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Result scrub(String input) {
        return scrub(input.getBytes(StandardCharsets.UTF_8), ScrubOptions.defaults(), OPT_OUT);
    }

    @ParameterizedTest
    @ValueSource(strings = {";", ",", "\t"})
    void eachSeparatorIsDetectedFromTheFirstLine(String sep) {
        String input = String.join(sep, "nom", "téléphone", "ville") + "\n"
                + String.join(sep, "Martin", "06 12 34 56 78", "Paris") + "\n"
                + String.join(sep, "Durand", LISTED, "Lyon") + "\n";
        Result result = scrub(input);
        assertThat(result.report().format().separator()).isEqualTo(sep.charAt(0));
        assertThat(result.report().format().column()).isEqualTo(1);
        assertThat(result.text()).isEqualTo(String.join(sep, "nom", "téléphone", "ville") + "\n"
                + String.join(sep, "Martin", "06 12 34 56 78", "Paris") + "\n");
        assertThat(result.report().count(ScrubReason.OPPOSITION_LIST)).isEqualTo(1);
    }

    @Test
    void aGivenSeparatorWinsOverDetection() {
        // The first line has more commas than semicolons, but the user says ';'.
        String input = "nom, prénom, ville;tel\nMartin, Jean, Paris;0612345678\n";
        Result result = scrub(input.getBytes(StandardCharsets.UTF_8),
                ScrubOptions.defaults().withSeparator(';'), OPT_OUT);
        assertThat(result.report().format().column()).isEqualTo(1);
        assertThat(result.text()).isEqualTo(input);
    }

    @Test
    void utf8IsDetectedAndOtherColumnsAreKeptByteForByte() {
        String input = "Nom;Téléphone\nÉloïse Lefèvre;06\u00A012\u00A034\u00A056\u00A078\nZoë;+33\u202F6 99 88 77 66\n";
        Result result = scrub(input);
        assertThat(result.report().format().charset()).isEqualTo(StandardCharsets.UTF_8);
        assertThat(result.report().format().columnName()).isEqualTo("Téléphone");
        assertThat(result.output()).isEqualTo(input.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void windows1252IsDetectedWithItsNoBreakSpacesAndDashes() {
        // As Excel writes "CSV (separator: semicolon)": 1252 accents, NBSP A0, en dash 96 inside numbers.
        String input = "Nom;Téléphone\nÉloïse;06\u00A012\u00A034\u00A056\u00A078\nRené;06\u201399\u201388\u201377\u201366\nA;0\n";
        byte[] bytes = input.getBytes(CP1252);
        Result result = scrub(bytes, ScrubOptions.defaults(), OPT_OUT);
        assertThat(result.report().format().charset()).isEqualTo(CP1252);
        assertThat(result.report().format().columnName()).isEqualTo("Téléphone");
        assertThat(result.report().rowsKept()).isEqualTo(2);
        byte[] expected = "Nom;Téléphone\nÉloïse;06\u00A012\u00A034\u00A056\u00A078\nRené;06\u201399\u201388\u201377\u201366\n"
                .getBytes(CP1252);
        assertThat(result.output()).isEqualTo(expected);
    }

    @Test
    void aGivenEncodingWinsOverDetection() {
        // "Ã©" is valid UTF-8 for é, but the user says the file is 1252: the header is then "TÃ©lÃ©phone".
        byte[] bytes = "Nom;Téléphone\nA;0612345678\n".getBytes(StandardCharsets.UTF_8);
        Result result = scrub(bytes, ScrubOptions.defaults().withCharset(CP1252), OPT_OUT);
        assertThat(result.report().format().charset()).isEqualTo(CP1252);
        assertThat(result.report().format().columnName()).isEqualTo("TÃ©lÃ©phone");
        assertThat(result.output()).isEqualTo(bytes);
    }

    @Test
    void aByteOrderMarkIsReadAndKept() {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] body = "telephone;nom\n0612345678;A\n0699887766;B\n".getBytes(StandardCharsets.UTF_8);
        byte[] input = concat(bom, body);
        Result result = scrub(input, ScrubOptions.defaults(), OPT_OUT);
        assertThat(result.report().format().bom()).isTrue();
        assertThat(result.report().format().header()).isTrue();
        assertThat(result.report().format().column()).isZero();
        assertThat(result.output()).isEqualTo(input);
    }

    @Test
    void utf16IsAClearError() {
        byte[] input = concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, "t\0e\0l\0".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> scrub(input, ScrubOptions.defaults(), OPT_OUT))
                .isInstanceOf(ScrubException.class).hasMessageContaining("UTF-16");
    }

    @Test
    void quotedFieldsWithSeparatorsQuotesAndNewlinesInside() {
        String input = "nom;tel;note\n"
                + "\"Martin; Jean\";0612345678;\"il a dit \"\"rappelez\"\"\nlundi\"\n"
                + "\"Durand\";\"" + LISTED + "\";x\n"
                + "\"Petit,\nPaul\";\"06 99 88 77 66\";\"a;b\"\r\n"
                + "Roux;" + LISTED + ";y\n";
        Result result = scrub(input);
        assertThat(result.text()).isEqualTo("nom;tel;note\n"
                + "\"Martin; Jean\";0612345678;\"il a dit \"\"rappelez\"\"\nlundi\"\n"
                + "\"Petit,\nPaul\";\"06 99 88 77 66\";\"a;b\"\r\n");
        // Physical lines: a record spanning two lines moves the next record's number by two.
        assertThat(result.rejectedLines()).containsExactly(4L, 7L);
        assertThat(result.report().rejections().get(0).number()).isEqualTo(LISTED);
    }

    @Test
    void emptyLinesAreSkippedCountedAndKeepLineNumbersRight() {
        String input = "\n\ntel;nom\n\n0612345678;A\r\n\r\n\nabc;B\n\n";
        Result result = scrub(input);
        assertThat(result.report().emptyLines()).isEqualTo(6);
        assertThat(result.report().format().header()).isTrue();
        assertThat(result.text()).isEqualTo("tel;nom\n0612345678;A\r\n");
        assertThat(result.report().rejections()).containsExactly(new Rejection(8, ScrubReason.NUMBER_INVALID, "abc"));
    }

    @Test
    void crlfAndLfAreKeptAsWritten() {
        String input = "tel\r\n0612345678\r\n0699887766\n0611223344";
        Result result = scrub(input);
        assertThat(result.text()).isEqualTo(input);
        assertThat(result.report().rowsKept()).isEqualTo(3);
    }

    @Test
    void aLostLeadingZeroIsStillTheNumber() {
        String input = "nom;tel\nA;612345678\nB;698765432\nC;0612345678\n";
        Result result = scrub(input);
        assertThat(result.text()).isEqualTo("nom;tel\nA;612345678\n");
        assertThat(result.report().count(ScrubReason.OPPOSITION_LIST)).isEqualTo(1);
        assertThat(result.report().count(ScrubReason.DUPLICATE)).isEqualTo(1);
    }

    @Test
    @Timeout(60)
    void aTenMegabyteLineIsRejectedWithItsLineNumberAndTheRestIsCleaned() {
        byte[] huge = new byte[10 << 20];
        Arrays.fill(huge, (byte) 'x');
        byte[] input = concat("nom;tel\nA;0612345678\nB;".getBytes(StandardCharsets.UTF_8), huge,
                "\nC;0699887766\nD;\"06\n11\"\nE;0622334455\n".getBytes(StandardCharsets.UTF_8));
        Result result = scrub(input, ScrubOptions.defaults(), OPT_OUT);
        assertThat(result.report().rejections()).containsExactly(
                new Rejection(3, ScrubReason.RECORD_TOO_LONG, ""),
                new Rejection(5, ScrubReason.NUMBER_INVALID, "06\n11"));
        assertThat(result.text()).isEqualTo("nom;tel\nA;0612345678\nC;0699887766\nE;0622334455\n");
    }

    @Test
    @Timeout(60)
    void aLongRecordFollowsItsQuotesWhileSkipped() {
        // The long field is quoted and holds newlines: the record ends at the newline after its closing quote.
        StringBuilder note = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            note.append("ligne ").append(i).append(";\"\"x\"\"\n");
        }
        String input = "nom;tel;note\nA;0612345678;\"" + note + "\"\nB;0699887766;z\n";
        Result result = scrub(input.getBytes(StandardCharsets.UTF_8),
                ScrubOptions.defaults().withMaxRecordBytes(1000), OPT_OUT);
        assertThat(result.report().rejections()).containsExactly(new Rejection(2, ScrubReason.RECORD_TOO_LONG, ""));
        assertThat(result.text()).isEqualTo("nom;tel;note\nB;0699887766;z\n");
        assertThat(result.report().rowsRead()).isEqualTo(2);
    }

    @Test
    @Timeout(30)
    void anUnterminatedQuoteRunningToTheEndIsRejectedWithItsLine() {
        String input = "nom;tel\nA;0612345678\n\"B;0699887766\nC;0622334455\n";
        Result result = scrub(input);
        assertThat(result.report().rejections())
                .containsExactly(new Rejection(3, ScrubReason.UNTERMINATED_QUOTE, ""));
        assertThat(result.text()).isEqualTo("nom;tel\nA;0612345678\n");
    }

    @Test
    @Timeout(30)
    void binaryGarbageWithNulBytesIsAClearError() {
        byte[] garbage = new byte[3 << 20];
        new SplittableRandom(1).nextBytes(garbage);
        garbage[0] = 'x';
        assertThatThrownBy(() -> scrub(garbage, ScrubOptions.defaults(), OPT_OUT))
                .isInstanceOf(ScrubException.class).hasMessageContaining("binary");
    }

    @Test
    @Timeout(60)
    void binaryGarbageWithoutNulBytesEndsWithLineNumberedRejections() {
        byte[] garbage = new byte[5 << 20];
        SplittableRandom random = new SplittableRandom(2);
        for (int i = 0; i < garbage.length; i++) {
            garbage[i] = (byte) (1 + random.nextInt(255));
        }
        Result result = scrub(garbage, ScrubOptions.defaults().withColumn(new ColumnSpec.Index(0))
                .withHeader(HeaderMode.ABSENT).withMaxRecordBytes(4096).withMaxRejectionsKept(1000), OPT_OUT);
        assertThat(result.report().rowsRead()).isPositive();
        assertThat(result.report().rowsKept()).isZero();
        assertThat(result.output()).isEmpty();
        assertThat(result.report().rejections()).hasSize(1000);
        assertThat(result.report().rejections()).allSatisfy(r -> assertThat(r.line()).isPositive());
        assertThat(result.rejectedLines()).isSorted();
        assertThat(result.report().rejectionsNotListed()).isEqualTo(result.report().rowsRejected() - 1000);
    }

    @Test
    void anEmptyFileGivesAnEmptyResult() {
        Result result = scrub("");
        assertThat(result.output()).isEmpty();
        assertThat(result.report().rowsRead()).isZero();
        assertThat(result.report().format().column()).isEqualTo(-1);
        assertThat(result.report().bytesRead()).isZero();
    }

    @Test
    void aFileOfEmptyLinesOrOnlyAHeaderHasNoRows() {
        Result blank = scrub("\n\r\n\n");
        assertThat(blank.report().rowsRead()).isZero();
        assertThat(blank.report().emptyLines()).isEqualTo(3);
        assertThat(blank.output()).isEmpty();
        Result headerOnly = scrub("nom;téléphone\n");
        assertThat(headerOnly.report().rowsRead()).isZero();
        assertThat(headerOnly.report().format().header()).isTrue();
        assertThat(headerOnly.text()).isEqualTo("nom;téléphone\n");
    }

    @Test
    void withoutAHeaderThePhoneColumnIsFoundByItsValues() {
        String input = "12;Martin;0612345678;75011\n13;Durand;" + LISTED + ";69001\n14;Petit;+33 6 99 88 77 66;13001\n";
        Result result = scrub(input);
        assertThat(result.report().format().header()).isFalse();
        assertThat(result.report().format().column()).isEqualTo(2);
        assertThat(result.report().format().columnName()).isNull();
        assertThat(result.text()).isEqualTo("12;Martin;0612345678;75011\n14;Petit;+33 6 99 88 77 66;13001\n");
    }

    @Test
    void aHeaderWithAnUnknownNameIsFoundByTheLettersOverTheNumbers() {
        String input = "client;contact\nMartin;0612345678\n";
        Result result = scrub(input);
        assertThat(result.report().format().header()).isTrue();
        assertThat(result.report().format().columnName()).isEqualTo("contact");
        assertThat(result.text()).isEqualTo(input);
    }

    @Test
    void headerNamesAreMatchedWithoutCaseOrAccents() {
        for (String name : List.of("TÉLÉPHONE", "Tel", "tél.", "Phone number", "Mobile", "N° de téléphone", "Numéro",
                "portable")) {
            String input = "numéro client;" + name + "\n12;0612345678\n";
            Result result = scrub(input);
            assertThat(result.report().format().column()).as(name).isEqualTo(1);
            assertThat(result.report().format().header()).as(name).isTrue();
        }
    }

    @Test
    void aColumnGivenByNameOrIndex() {
        String input = "fixe;Portable Pro\n0145454545;0612345678\n" + LISTED + ";0611223344\n";
        Result byName = scrub(input.getBytes(StandardCharsets.UTF_8),
                ScrubOptions.defaults().withColumn(new ColumnSpec.Name("fixe")), OPT_OUT);
        assertThat(byName.report().format().column()).isZero();
        assertThat(byName.text()).isEqualTo("fixe;Portable Pro\n0145454545;0612345678\n");
        Result byIndex = scrub(input.getBytes(StandardCharsets.UTF_8),
                ScrubOptions.defaults().withColumn(new ColumnSpec.Index(0)), OPT_OUT);
        assertThat(byIndex.report().format().header()).isTrue();
        assertThat(byIndex.text()).isEqualTo(byName.text());
        assertThatThrownBy(() -> scrub(input.getBytes(StandardCharsets.UTF_8),
                ScrubOptions.defaults().withColumn(new ColumnSpec.Name("mobile")), OPT_OUT))
                .isInstanceOf(ScrubException.class).hasMessageContaining("no column named \"mobile\"");
    }

    @Test
    void headerGivenAbsentMakesTheFirstLineARow() {
        String input = "0612345678;a\n" + LISTED + ";b\n";
        Result result = scrub(input.getBytes(StandardCharsets.UTF_8),
                ScrubOptions.defaults().withHeader(HeaderMode.ABSENT), OPT_OUT);
        assertThat(result.report().rowsRead()).isEqualTo(2);
        assertThat(result.text()).isEqualTo("0612345678;a\n");
    }

    @Test
    void noColumnOfNumbersIsAClearError() {
        assertThatThrownBy(() -> scrub("a;b\nc;d\n")).isInstanceOf(ScrubException.class)
                .hasMessageContaining("no column of phone numbers");
    }

    @Test
    void aMissingPhoneFieldIsAnInvalidNumber() {
        Result result = scrub("nom;tel\nA;0612345678\nB\n");
        assertThat(result.report().rejections()).containsExactly(new Rejection(3, ScrubReason.NUMBER_INVALID, ""));
    }

    @Test
    void duplicatesKeepTheFirstRowWhateverTheForm() {
        String input = "tel;n\n0612345678;1\n+33 6 12 34 56 78;2\n" + LISTED + ";3\n" + LISTED + ";4\n0033612345678;5\n";
        Result result = scrub(input);
        assertThat(result.text()).isEqualTo("tel;n\n0612345678;1\n");
        assertThat(result.report().rejections()).containsExactly(
                new Rejection(3, ScrubReason.DUPLICATE, "+33 6 12 34 56 78"),
                new Rejection(4, ScrubReason.OPPOSITION_LIST, LISTED),
                new Rejection(5, ScrubReason.OPPOSITION_LIST, LISTED),
                new Rejection(6, ScrubReason.DUPLICATE, "0033612345678"));
    }

    @Test
    void eachOptOutReason() {
        String input = "tel\n" + LISTED + "\n06 12\n0899123456\n3949\n" + OBJECTED + "\n0700123456\n0612345678\n";
        Result result = scrub(input);
        assertThat(result.text()).isEqualTo("tel\n0612345678\n");
        assertThat(result.report().rejections()).extracting(Rejection::reason).containsExactly(
                ScrubReason.OPPOSITION_LIST, ScrubReason.NUMBER_INVALID, ScrubReason.NUMBER_NOT_CALLABLE,
                ScrubReason.NUMBER_NOT_CALLABLE, ScrubReason.OBJECTION, ScrubReason.NUMBER_NOT_CALLABLE);
        assertThat(result.report().rowsRead()).isEqualTo(7);
        assertThat(result.report().rowsKept()).isEqualTo(1);
        assertThat(result.report().rowsRejected()).isEqualTo(6);
        assertThat(result.report().count(ScrubReason.NUMBER_NOT_CALLABLE)).isEqualTo(3);
    }

    @Test
    void eachOptInReasonAtTheGivenInstant() {
        long at = 1_800_000_000L;
        // The consent index answers for the instant it is given; this one knows four numbers.
        ConsentLookup consents = (nsn, atEpochSecond) -> {
            assertThat(atEpochSecond).isEqualTo(at);
            return switch (nsn) {
                case 612_345_678 -> ConsentState.VALID;
                case 622_222_222 -> ConsentState.EXPIRED;
                case 633_333_333 -> ConsentState.WITHDRAWN;
                case 611_111_111 -> ConsentState.VALID;
                default -> ConsentState.NONE;
            };
        };
        NumberScreen optIn = NumberScreen.optIn(consents, at, NumberSet.of(611_111_111));
        String input = "tel\n0612345678\n0622222222\n0633333333\n0644444444\n" + OBJECTED + "\n";
        Result result = scrub(input.getBytes(StandardCharsets.UTF_8), ScrubOptions.defaults(), optIn);
        assertThat(result.text()).isEqualTo("tel\n0612345678\n");
        assertThat(result.report().rejections()).extracting(Rejection::reason).containsExactly(
                ScrubReason.CONSENT_EXPIRED, ScrubReason.CONSENT_WITHDRAWN, ScrubReason.NO_CONSENT,
                ScrubReason.OBJECTION);
    }

    @Test
    void rejectedLinesBeyondTheCapAreCountedNotListed() {
        StringBuilder input = new StringBuilder("tel\n");
        for (int i = 0; i < 10; i++) {
            input.append("x").append(i).append('\n');
        }
        Result result = scrub(input.toString().getBytes(StandardCharsets.UTF_8),
                ScrubOptions.defaults().withMaxRejectionsKept(3).withColumn(new ColumnSpec.Index(0))
                        .withHeader(HeaderMode.PRESENT), OPT_OUT);
        assertThat(result.report().rejections()).extracting(Rejection::line).containsExactly(2L, 3L, 4L);
        assertThat(result.report().rejectionsNotListed()).isEqualTo(7);
        assertThat(result.report().count(ScrubReason.NUMBER_INVALID)).isEqualTo(10);
    }

    @Test
    void progressReportsTheBytesRead() {
        List<Long> progress = new ArrayList<>();
        byte[] input = "tel\n0612345678\n".repeat(200_000).getBytes(StandardCharsets.UTF_8);
        ScrubOptions options = ScrubOptions.defaults().withProgress(progress::add).withPipelined(true);
        Result result = scrub(new ByteArrayInputStream(input), options, OPT_OUT);
        assertThat(progress).isSorted();
        assertThat(progress.size()).isGreaterThan(1);
        assertThat(progress.get(progress.size() - 1)).isEqualTo(input.length);
        assertThat(result.report().bytesRead()).isEqualTo(input.length);
        assertThat(result.report().count(ScrubReason.DUPLICATE)).isEqualTo(199_999 + 0L);
    }

    @Test
    void aStreamThatTricklesGivesTheSameResultAsOneRead() {
        // Records, quotes and CRLFs cut at every position by reads of one to seven bytes.
        String input = "nom;tel\r\n\"a;\"\"b\"\"\";0612345678\r\n\"c\nd\";\"" + LISTED + "\"\r\n\r\ne;0699887766";
        byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
        Result whole = scrub(bytes, ScrubOptions.defaults(), OPT_OUT);
        SplittableRandom random = new SplittableRandom(3);
        InputStream trickle = new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1 + random.nextInt(7)));
            }
        };
        Result trickled = scrub(trickle, ScrubOptions.defaults(), OPT_OUT);
        assertThat(trickled.output()).isEqualTo(whole.output());
        assertThat(trickled.report()).isEqualTo(whole.report());
        assertThat(whole.text()).isEqualTo("nom;tel\r\n\"a;\"\"b\"\"\";0612345678\r\ne;0699887766");
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
