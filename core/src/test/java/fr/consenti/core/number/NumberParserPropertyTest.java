package fr.consenti.core.number;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties of the parser over every range of the numbering plan, written in every input form, checked against
 * libphonenumber as an oracle.
 *
 * <p>Numbers are generated from a fixed seed, so a failure is reproducible; {@code -Dnumbers.seed=…} explores
 * other numbers, {@code -Dnumbers.perRange=…} and {@code -Dnumbers.random=…} more of them. Each failure message
 * names the input and the seed. The generation is hand-rolled, as in the project's other property tests: the
 * project uses no property-testing library (jqwik 1.10's "Anti-AI Usage Clause" asks that AI coding agents not use
 * it, and AI agents write tests here).
 *
 * <p>Where libphonenumber and the plan disagree, the plan wins, and the disagreement is listed below, each entry
 * checked to still be a real disagreement so that the lists cannot rot.
 */
class NumberParserPropertyTest {

    private static final long SEED = Long.getLong("numbers.seed", 20261129L);
    private static final int NUMBERS_PER_RANGE = Integer.getInteger("numbers.perRange", 100);
    private static final int RANDOM_NUMBERS = Integer.getInteger("numbers.random", 100_000);
    private static final LocalDate PLAN_DATE = LocalDate.of(2026, 11, 29);
    private static final PhoneNumberUtil ORACLE = PhoneNumberUtil.getInstance();
    private static final NumberingPlan PLAN = NumberingPlan.standard();

    /**
     * Ranges where the plan assigns the whole block (ARCEP attributes it, RULES.md lists it) but libphonenumber
     * rejects some numbers: it only knows the operator sub-blocks already allocated (0263, 0269, 0590, 0594, 0596,
     * 0639, 0691, 0693, 0694, 0836, 0947x), does not know the range at all (040, 084x, 087), or knows only the real
     * 14-digit form (0700, which the plan classifies as M2M, not callable).
     */
    static final Set<String> PLAN_ACCEPTS_ORACLE_REJECTS = Set.of(
            "0263", "0269", "040", "0590", "0594", "0596", "0639", "0691", "0693", "0694", "0700", "0836",
            "0841", "0843", "0845", "0846", "0847", "0848", "0849", "087",
            "09475", "09476", "09478", "09479");

    /** Overseas mobile blocks libphonenumber knows that RULES.md §5 does not list (yet): the plan rejects them. */
    static final Set<String> ORACLE_ACCEPTS_PLAN_REJECTS = Set.of("07090", "07091", "07092", "07093");

    /**
     * Overseas ranges that libphonenumber's FR metadata also covers: it reads {@code +33 263…} as a metropolitan
     * number, where the plan (and RULES.md §5) says Réunion and formats {@code +262263…}. FR's VoIP pattern covers
     * all of 09, so the overseas NPV VoIP blocks are there too.
     */
    static final Set<String> ORACLE_READS_PLUS33_AS_METROPOLITAN = Set.of(
            "0263", "02688", "02689", "0269", "0596", "05987", "05988", "05989",
            "09475", "09476", "09477", "09478", "09479");

    /** An input form: how a person or a spreadsheet writes a number, and whether the oracle can read it. */
    record Form(String name, boolean oracleReads, Renderer renderer) {
        String render(int nsn, Territory territory) {
            return renderer.render(nsn, territory);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    interface Renderer {
        String render(int nsn, Territory territory);
    }

    static final List<Form> FORMS = List.of(
            new Form("national", true, (n, t) -> "0" + n),
            new Form("national spaced", true, (n, t) -> pairs("0" + n, " ")),
            new Form("national dotted", true, (n, t) -> pairs("0" + n, ".")),
            new Form("national dashed", true, (n, t) -> pairs("0" + n, "-")),
            new Form("national NBSP", true, (n, t) -> pairs("0" + n, "\u00A0")),
            new Form("national narrow NBSP", false, (n, t) -> pairs("0" + n, "\u202F")),
            new Form("national tabs", false, (n, t) -> "\t" + pairs("0" + n, "\t") + "\t"),
            new Form("national with BOM", true, (n, t) -> "\uFEFF0" + n),
            new Form("lost leading zero", true, (n, t) -> Integer.toString(n)),
            new Form("E.164", true, (n, t) -> "+" + t.countryCode() + n),
            new Form("international spaced", true, (n, t) -> "+" + t.countryCode() + " " + spaced(n)),
            new Form("international (0)", true, (n, t) -> "+" + t.countryCode() + " (0)" + spaced(n)),
            new Form("00 international", true, (n, t) -> "00" + t.countryCode() + n),
            new Form("international without +", true, (n, t) -> t.countryCode() + Integer.toString(n)));

    static Stream<NumberingPlan.Row> rows() {
        return NumberingPlan.rows().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void everyFormOfEveryRangeParsesToTheSameNumberAsTheOracleSays(NumberingPlan.Row row) {
        SplittableRandom random = new SplittableRandom(SEED ^ row.prefix().hashCode());
        for (int i = 0; i < NUMBERS_PER_RANGE; i++) {
            int nsn = numberIn(row.prefix(), random);
            if (!PLAN.prefixOf(nsn).equals(row.prefix())) {
                continue; // a longer prefix refines this part of the row: its own row covers it
            }
            Territory territory = row.territory();
            FrenchNumber expected = new FrenchNumber(nsn, null, territory, row.kind(), row.callable(),
                    PLAN.isNpv(nsn, PLAN_DATE));
            for (Form form : FORMS) {
                String input = form.render(nsn, territory);
                String why = "form '" + form + "' input '" + input + "' seed " + SEED;
                assertThat(NumberParser.parse(input, PLAN_DATE)).as(why).isEqualTo(expected);
                byte[] utf8 = input.getBytes(StandardCharsets.UTF_8);
                assertThat(NumberParser.parseNsn(utf8, 0, utf8.length)).as(why).isEqualTo(nsn);
                assertThat(NumberParser.parseNsn(input)).as(why).isEqualTo(nsn);
                if (form.oracleReads()) {
                    assertOracleAgrees(input, expected, why);
                }
            }
            // +33 with an overseas range: the plan's choice (see NumberParser), checked on its own.
            assertThat(NumberParser.parse("+33" + nsn, PLAN_DATE)).isEqualTo(expected);
        }
    }

    @Test
    void randomNineDigitNumbersAreValidForThePlanExactlyWhenTheOracleSays() {
        SplittableRandom random = new SplittableRandom(SEED);
        for (int i = 0; i < RANDOM_NUMBERS; i++) {
            int nsn = random.nextInt(100_000_000, 1_000_000_000);
            String input = "0" + nsn;
            ParseOutcome ours = NumberParser.parse(input, PLAN_DATE);
            String why = "input " + input + " seed " + SEED;
            if (ours instanceof FrenchNumber number) {
                assertOracleAgrees(input, number, why);
            } else {
                assertThat(ours).as(why).isEqualTo(new NumberError(NumberErrorCode.UNKNOWN_PREFIX,
                        "not a range of the French numbering plan"));
                if (!listed(ORACLE_ACCEPTS_PLAN_REJECTS, nsn)) {
                    assertThat(oracleRegionsAccepting(nsn)).as(why).isEmpty();
                }
            }
        }
    }

    @Test
    void eachListedPlanOnlyRangeReallyDisagreesWithTheOracle() {
        for (String prefix : PLAN_ACCEPTS_ORACLE_REJECTS) {
            int rejected = firstNumberUnder(prefix, nsn -> {
                FrenchNumber ours = (FrenchNumber) NumberParser.parse("0" + nsn, PLAN_DATE);
                return !oracleValid(nsn, ours.territory()) ? nsn : -1;
            });
            assertThat(rejected).as("libphonenumber now accepts all of " + prefix + ": remove it from the list")
                    .isPositive();
        }
    }

    @Test
    void eachListedOracleOnlyRangeReallyDisagreesWithThePlan() {
        for (String prefix : ORACLE_ACCEPTS_PLAN_REJECTS) {
            int accepted = firstNumberUnder(prefix, nsn -> oracleRegionsAccepting(nsn).isEmpty() ? -1 : nsn);
            assertThat(accepted).as("libphonenumber no longer knows " + prefix).isPositive();
            assertThat(NumberParser.parse("0" + accepted)).isInstanceOf(NumberError.class);
        }
    }

    @Test
    void libphonenumberRejectsOverseasRangesUnderPlus33OrReadsThemAsMetropolitan() throws NumberParseException {
        for (NumberingPlan.Row row : NumberingPlan.rows()) {
            if (row.territory() == Territory.METROPOLE) {
                continue;
            }
            int nsn = numberIn(row.prefix(), new SplittableRandom(SEED));
            PhoneNumber oracle = ORACLE.parse("+33" + nsn, "FR");
            FrenchNumber ours = (FrenchNumber) NumberParser.parse("+33" + nsn, PLAN_DATE);
            assertThat(ours.e164()).startsWith("+" + row.territory().countryCode());
            boolean readAsMetropolitan = ORACLE.isValidNumber(oracle);
            assertThat(readAsMetropolitan).as("+33 " + row.prefix())
                    .isEqualTo(ORACLE_READS_PLUS33_AS_METROPOLITAN.contains(row.prefix()));
        }
    }

    private static void assertOracleAgrees(String input, FrenchNumber ours, String why) {
        String region = region(ours.territory());
        PhoneNumber oracle;
        try {
            oracle = ORACLE.parse(input, region);
        } catch (NumberParseException e) {
            fail(why + ": libphonenumber cannot parse it: " + e.getMessage());
            return;
        }
        assertThat(ORACLE.format(oracle, PhoneNumberFormat.E164)).as(why).isEqualTo(ours.e164());
        if (ORACLE.isValidNumber(oracle)) {
            assertThat(sameTerritory(ORACLE.getRegionCodeForNumber(oracle), ours.territory()))
                    .as(why + ": libphonenumber says region " + ORACLE.getRegionCodeForNumber(oracle)).isTrue();
        } else {
            assertThat(listed(PLAN_ACCEPTS_ORACLE_REJECTS, ours.nsn()))
                    .as(why + ": libphonenumber says invalid, and the range is not a listed disagreement").isTrue();
        }
    }

    /** Whether libphonenumber accepts the number in the region(s) of this territory. */
    private static boolean oracleValid(int nsn, Territory territory) {
        PhoneNumber number = new PhoneNumber().setCountryCode(territory.countryCode()).setNationalNumber(nsn);
        if (!ORACLE.isValidNumber(number)) {
            return false;
        }
        return sameTerritory(ORACLE.getRegionCodeForNumber(number), territory);
    }

    private static boolean sameTerritory(String region, Territory territory) {
        // Saint-Barthélemy and Saint-Martin share Guadeloupe's ranges; RULES.md §5 counts them with Guadeloupe.
        return region.equals(region(territory))
                || territory == Territory.GUADELOUPE && (region.equals("BL") || region.equals("MF"));
    }

    private static List<String> oracleRegionsAccepting(int nsn) {
        List<String> regions = new ArrayList<>();
        for (Territory territory : Territory.values()) {
            if (oracleValid(nsn, territory)) {
                regions.add(region(territory));
            }
        }
        return regions;
    }

    private static String region(Territory territory) {
        return switch (territory) {
            case METROPOLE -> "FR";
            case GUADELOUPE -> "GP";
            case MARTINIQUE -> "MQ";
            case GUYANE -> "GF";
            case REUNION -> "RE";
            case MAYOTTE -> "YT";
        };
    }

    private static boolean listed(Set<String> prefixes, int nsn) {
        String national = "0" + nsn;
        for (String prefix : prefixes) {
            if (national.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** A random 9-digit NSN whose national form starts with {@code prefix}. */
    private static int numberIn(String prefix, SplittableRandom random) {
        int fixedDigits = prefix.length() - 1;
        int free = 9 - fixedDigits;
        int span = (int) Math.pow(10, free);
        return Integer.parseInt(prefix.substring(1)) * span + random.nextInt(span);
    }

    /** The first number under a prefix for which {@code probe} returns it, scanning the 5th to 7th digits. */
    private static int firstNumberUnder(String prefix, IntFunction<Integer> probe) {
        int fixedDigits = prefix.length() - 1;
        int span = (int) Math.pow(10, 9 - fixedDigits);
        int base = Integer.parseInt(prefix.substring(1)) * span;
        int step = Math.max(1, span / 100_000);
        for (int offset = 0; offset < span; offset += step) {
            int found = probe.apply(base + offset + 12);
            if (found > 0) {
                return found;
            }
        }
        return -1;
    }

    private static String pairs(String national, String separator) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < national.length(); i += 2) {
            if (i > 0) {
                out.append(separator);
            }
            out.append(national, i, i + 2);
        }
        return out.toString();
    }

    private static String spaced(int nsn) {
        String digits = Integer.toString(nsn);
        return digits.charAt(0) + " " + pairs(digits.substring(1), " ");
    }

    @Test
    void formsCoverEveryInputShapeOfRules() {
        Set<String> names = new LinkedHashSet<>();
        FORMS.forEach(form -> names.add(form.name()));
        assertThat(names).hasSize(FORMS.size());
    }
}
