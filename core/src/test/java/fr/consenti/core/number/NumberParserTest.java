package fr.consenti.core.number;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NumberParserTest {

    private static FrenchNumber number(String input) {
        ParseOutcome outcome = NumberParser.parse(input);
        assertThat(outcome).as(input).isInstanceOf(FrenchNumber.class);
        return (FrenchNumber) outcome;
    }

    private static NumberErrorCode error(String input) {
        ParseOutcome outcome = NumberParser.parse(input);
        assertThat(outcome).as(input).isInstanceOf(NumberError.class);
        NumberError error = (NumberError) outcome;
        assertThat(error.message()).isNotBlank();
        return error.code();
    }

    /** Every form the hot path accepts, as UTF-8 bytes, must give what parse() gives. */
    private static void assertHotPathAgrees(String input, int expected) {
        byte[] utf8 = input.getBytes(StandardCharsets.UTF_8);
        assertThat(NumberParser.parseNsn(utf8, 0, utf8.length)).as("bytes of " + input).isEqualTo(expected);
        assertThat(NumberParser.parseNsn(input)).as("chars of " + input).isEqualTo(expected);
        // The same bytes inside a larger buffer: the scrubber passes a field's bounds in a line.
        byte[] line = ("x;" + input + ";y").getBytes(StandardCharsets.UTF_8);
        assertThat(NumberParser.parseNsn(line, 2, line.length - 2)).as("field " + input).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            06 12 34 56 78              | +33612345678  | METROPOLE  | MOBILE
            06.12.34.56.78              | +33612345678  | METROPOLE  | MOBILE
            06-12-34-56-78              | +33612345678  | METROPOLE  | MOBILE
            0612345678                  | +33612345678  | METROPOLE  | MOBILE
            06/12/34/56/78              | +33612345678  | METROPOLE  | MOBILE
            +33 6 12 34 56 78           | +33612345678  | METROPOLE  | MOBILE
            +33 (0)6 12 34 56 78        | +33612345678  | METROPOLE  | MOBILE
            +33(0)612345678             | +33612345678  | METROPOLE  | MOBILE
            +33 06 12 34 56 78          | +33612345678  | METROPOLE  | MOBILE
            0033612345678               | +33612345678  | METROPOLE  | MOBILE
            00 33 6 12 34 56 78         | +33612345678  | METROPOLE  | MOBILE
            0033 (0)6 12 34 56 78       | +33612345678  | METROPOLE  | MOBILE
            33612345678                 | +33612345678  | METROPOLE  | MOBILE
            612345678                   | +33612345678  | METROPOLE  | MOBILE
            (01) 42 34 56 78            | +33142345678  | METROPOLE  | GEOGRAPHIC
            07 81 23 45 67              | +33781234567  | METROPOLE  | MOBILE
            09 51 23 45 67              | +33951234567  | METROPOLE  | VOIP
            08 92 12 34 56              | +33892123456  | METROPOLE  | SPECIAL_RATE
            07 00 12 34 56              | +33700123456  | METROPOLE  | M2M
            0692 12 34 56               | +262692123456 | REUNION    | MOBILE
            +262 692 12 34 56           | +262692123456 | REUNION    | MOBILE
            00262692123456              | +262692123456 | REUNION    | MOBILE
            262692123456                | +262692123456 | REUNION    | MOBILE
            +33 6 92 12 34 56           | +262692123456 | REUNION    | MOBILE
            692123456                   | +262692123456 | REUNION    | MOBILE
            02 62 12 34 56              | +262262123456 | REUNION    | GEOGRAPHIC
            0269 61 23 45               | +262269612345 | MAYOTTE    | GEOGRAPHIC
            +262 639 01 23 45           | +262639012345 | MAYOTTE    | MOBILE
            0590 12 34 56               | +590590123456 | GUADELOUPE | GEOGRAPHIC
            +590 690 12 34 56           | +590690123456 | GUADELOUPE | MOBILE
            0691 12 34 56               | +590691123456 | GUADELOUPE | MOBILE
            0596 12 34 56               | +596596123456 | MARTINIQUE | GEOGRAPHIC
            +596 696 12 34 56           | +596696123456 | MARTINIQUE | MOBILE
            0697 12 34 56               | +596697123456 | MARTINIQUE | MOBILE
            0594 12 34 56               | +594594123456 | GUYANE     | GEOGRAPHIC
            00594694123456              | +594694123456 | GUYANE     | MOBILE
            09 47 91 23 45              | +262947912345 | REUNION    | VOIP
            """)
    void parsesEveryWrittenFormToItsE164(String input, String e164, Territory territory, NumberKind kind) {
        FrenchNumber number = number(input);
        assertThat(number.e164()).isEqualTo(e164);
        assertThat(number.territory()).isEqualTo(territory);
        assertThat(number.kind()).isEqualTo(kind);
        assertThat(number.zone()).isEqualTo(territory.zone());
        assertThat(number.national()).isEqualTo("0" + number.nsn());
        assertHotPathAgrees(input, number.nsn());
    }

    @Test
    void parsesLostLeadingZeroAsMobile() {
        FrenchNumber number = number("612345678");
        assertThat(number.kind()).isEqualTo(NumberKind.MOBILE);
        assertThat(number.national()).isEqualTo("0612345678");
        assertThat(number.callable()).isTrue();
    }

    @Test
    void ignoresByteOrderMarkOfAFilesFirstCell() {
        assertThat(number("\uFEFF06 12 34 56 78").nsn()).isEqualTo(612345678);
        byte[] bytes = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '0', '6', '1', '2', '3', '4', '5', '6', '7', '8'};
        assertThat(NumberParser.parseNsn(bytes, 0, bytes.length)).isEqualTo(612345678);
    }

    @Test
    void acceptsEveryKindOfNonBreakingSpaceAndTabs() {
        assertHotPathAgrees("06\u00A012\u00A034\u00A056\u00A078", 612345678);
        assertHotPathAgrees("+33\u202F6\u202F12\u202F34\u202F56\u202F78", 612345678);
        assertHotPathAgrees("\t06\t12 34\t56 78\t", 612345678);
        assertHotPathAgrees("06 12 34 56 78\r\n", 612345678);
        // A spreadsheet saved as Windows-1252: NBSP is the single byte A0.
        byte[] cp1252 = "06\u00A012\u00A034\u00A056\u00A078".getBytes(Charset.forName("windows-1252"));
        assertThat(cp1252).hasSize(14);
        assertThat(NumberParser.parseNsn(cp1252, 0, cp1252.length)).isEqualTo(612345678);
    }

    @Test
    void acceptsOverseasRangeDialledWithPlus33AndGivesItsOwnCountryCode() {
        FrenchNumber number = number("+33 6 92 12 34 56");
        assertThat(number.territory()).isEqualTo(Territory.REUNION);
        assertThat(number.e164()).isEqualTo("+262692123456");
        assertThat(number("+33 590 12 34 56").e164()).isEqualTo("+590590123456");
    }

    @Test
    void classifiesMobileRangesOfOverseasTerritoriesInsideThe06Block() {
        assertThat(number("0639 01 23 45").territory()).isEqualTo(Territory.MAYOTTE);
        assertThat(number("0638 01 23 45").territory()).isEqualTo(Territory.METROPOLE);
        assertThat(number("0695 12 34 56").territory()).isEqualTo(Territory.METROPOLE);
        assertThat(number("0693 12 34 56").territory()).isEqualTo(Territory.REUNION);
        assertThat(number("0694 12 34 56").territory()).isEqualTo(Territory.GUYANE);
    }

    @ParameterizedTest(name = "{0} is short: {1}")
    @CsvSource({"15", "17", "18", "112", "114", "115", "119", "191", "196", "197", "3949", "3630", "1012", "118218",
            "118 712"})
    void parsesShortNumbersAsNeverCallable(String input) {
        FrenchNumber number = number(input);
        assertThat(number.kind()).isEqualTo(NumberKind.SHORT);
        assertThat(number.callable()).isFalse();
        assertThat(number.npv()).isFalse();
        assertThat(number.nsn()).isEqualTo(-1);
        assertThat(number.shortCode()).isEqualTo(input.replace(" ", ""));
        assertThat(number.e164()).isEqualTo(number.shortCode());
        assertHotPathAgrees(input, NumberParser.SHORT_NUMBER);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            ''                         | EMPTY
            '   '                      | EMPTY
            ' - . '                    | EMPTY
            06 12 34 56 78 poste 12    | LETTERS
            O6 12 34 56 78             | LETTERS
            06 12 34 56 7é             | LETTERS
            06*12345678                | INVALID_CHARACTER
            06 12 34 56 78 #           | INVALID_CHARACTER
            +33 +6 12 34 56 78         | INVALID_CHARACTER
            06 12 + 34 56 78           | INVALID_CHARACTER
            +                          | TOO_SHORT
            06 12 34 56 7              | TOO_SHORT
            16                         | TOO_SHORT
            12345                      | TOO_SHORT
            1234567                    | TOO_SHORT
            +33 6 12 34 56 7           | TOO_SHORT
            +262 692 12 34 5           | TOO_SHORT
            06 12 34 56 78 9           | TOO_LONG
            6123456789                 | TOO_LONG
            +33 6 12 34 56 78 9        | TOO_LONG
            0033 6 12 34 56 78 90 12 3 | TOO_LONG
            06 12 34 56 78 06 12 34 56 78 | TOO_LONG
            07 12 34 56 78             | UNKNOWN_PREFIX
            07 01 23 45 67             | UNKNOWN_PREFIX
            +33 0 12 34 56 78          | UNKNOWN_PREFIX
            +0612345678                | UNKNOWN_PREFIX
            +32 470 12 34 56           | FOREIGN_COUNTRY
            0032 470 12 34 56          | FOREIGN_COUNTRY
            +1 212 555 0100            | FOREIGN_COUNTRY
            +44 20 7946 0958           | FOREIGN_COUNTRY
            +262 612345678             | COUNTRY_CODE_MISMATCH
            +590 692123456             | COUNTRY_CODE_MISMATCH
            +596 690 12 34 56          | COUNTRY_CODE_MISMATCH
            +262 590 12 34 56          | COUNTRY_CODE_MISMATCH
            """)
    void rejectsWithTheReason(String input, NumberErrorCode expected) {
        assertThat(error(input)).isEqualTo(expected);
        assertHotPathAgrees(input, expected.hotPathCode());
        assertThat(NumberErrorCode.ofHotPathCode(expected.hotPathCode())).isEqualTo(expected);
    }

    @Test
    void rejectsBelgianNumberAsForeignCountry() {
        assertThat(error("+32 2 123 45 67")).isEqualTo(NumberErrorCode.FOREIGN_COUNTRY);
    }

    @Test
    void rejectsReunionCountryCodeWithMetropolitanMobileAsMismatch() {
        assertThat(error("+262 6 12 34 56 78")).isEqualTo(NumberErrorCode.COUNTRY_CODE_MISMATCH);
    }

    @Test
    void classifiesTenDigitM2mInputAsNotCallable() {
        FrenchNumber number = number("0700 12 34 56");
        assertThat(number.kind()).isEqualTo(NumberKind.M2M);
        assertThat(number.callable()).isFalse();
    }

    @Test
    void neverCallsSpecialRateNumbers() {
        assertThat(number("0800 12 34 56").callable()).isFalse();
        assertThat(number("0899 12 34 56").kind()).isEqualTo(NumberKind.SPECIAL_RATE);
    }

    @Test
    void marksVerifiedMultiUseRangesAsNpv() {
        for (String npv : new String[] {"0162", "0163", "0270", "0271", "0377", "0378", "0424", "0425", "0568",
                "0569", "0948", "0949", "09475", "09476", "09477", "09478", "09479", "02688", "02689", "05987",
                "05988", "05989"}) {
            String input = (npv + "123456789").substring(0, 10);
            assertThat(((FrenchNumber) NumberParser.parse(input, LocalDate.of(2026, 11, 29))).npv()).as(input).isTrue();
        }
        assertThat(number("0161 23 45 67").npv()).isFalse();
        assertThat(number("06 12 34 56 78").npv()).isFalse();
        assertThat(number("0947 41 23 45").npv()).isFalse();
        assertThat(number("0268 71 23 45").npv()).isFalse();
    }

    @Test
    void addsThe2026NpvRangesOnlyFromNewYearsDay() {
        FrenchNumber reunion = number("0268 81 23 45");
        assertThat(reunion.territory()).isEqualTo(Territory.REUNION);
        assertThat(reunion.npvOn(LocalDate.of(2025, 12, 31))).isFalse();
        assertThat(reunion.npvOn(LocalDate.of(2026, 1, 1))).isTrue();
        assertThat(((FrenchNumber) NumberParser.parse("0598 71 23 45", LocalDate.of(2025, 12, 31))).npv()).isFalse();
        assertThat(((FrenchNumber) NumberParser.parse("0598 71 23 45", LocalDate.of(2026, 1, 1))).npv()).isTrue();
        // The original NPV ranges date from décision 2022-1583's entry into force.
        FrenchNumber paris = number("01 62 12 34 56");
        assertThat(paris.npvOn(LocalDate.of(2022, 12, 31))).isFalse();
        assertThat(paris.npvOn(LocalDate.of(2023, 1, 1))).isTrue();
    }

    @Test
    void readsAnNpvDateInTheNumbersOwnTerritory() {
        FrenchNumber reunion = number("0268 81 23 45");
        // 2026-01-01T00:30 in Réunion (UTC+4) is still 2025-12-31 in UTC and in Paris.
        assertThat(reunion.npvAt(java.time.Instant.parse("2025-12-31T20:30:00Z"))).isTrue();
        assertThat(reunion.npvAt(java.time.Instant.parse("2025-12-31T19:30:00Z"))).isFalse();
    }

    @Test
    void describesAHotPathResultOnDemand() {
        byte[] row = "0692123456".getBytes(StandardCharsets.US_ASCII);
        int nsn = NumberParser.parseNsn(row, 0, row.length);
        FrenchNumber number = NumberingPlan.standard().describe(nsn, LocalDate.of(2026, 6, 1));
        assertThat(number).isEqualTo(NumberParser.parse("0692123456", LocalDate.of(2026, 6, 1)));
        assertThat(NumberingPlan.standard().describe(701234567, LocalDate.of(2026, 6, 1))).isNull();
    }

    @Test
    void hotPathDoesNotAllocate() {
        byte[] row = "+33 (0)6 12 34 56 78".getBytes(StandardCharsets.UTF_8);
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (int i = 0; i < 20_000; i++) { // warm up so that the JIT compiles the loop
            sum += NumberParser.parseNsn(row, 0, row.length);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            sum += NumberParser.parseNsn(row, 0, row.length);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(sum).isEqualTo(120_000L * 612345678);
        // A few hundred bytes of measurement noise at most; one allocation per call would be megabytes.
        assertThat(allocated).isLessThan(10_000);
    }
}
