package fr.consenti.core.number;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NumberingPlanTest {

    private static final NumberingPlan PLAN = NumberingPlan.standard();

    private static NumberingPlan.Row row(String line) {
        return NumberingPlan.Row.parse(line.replace(' ', '\t'), 1);
    }

    @ParameterizedTest(name = "{0} → {1} {2}")
    @CsvSource({
            "0590, GUADELOUPE, GEOGRAPHIC", "0690, GUADELOUPE, MOBILE", "0691, GUADELOUPE, MOBILE",
            "0596, MARTINIQUE, GEOGRAPHIC", "0696, MARTINIQUE, MOBILE", "0697, MARTINIQUE, MOBILE",
            "0594, GUYANE, GEOGRAPHIC", "0694, GUYANE, MOBILE",
            "0262, REUNION, GEOGRAPHIC", "0263, REUNION, GEOGRAPHIC", "0692, REUNION, MOBILE", "0693, REUNION, MOBILE",
            "0269, MAYOTTE, GEOGRAPHIC", "0639, MAYOTTE, MOBILE",
            "01, METROPOLE, GEOGRAPHIC", "05, METROPOLE, GEOGRAPHIC", "06, METROPOLE, MOBILE", "073, METROPOLE, MOBILE",
            "079, METROPOLE, MOBILE", "09, METROPOLE, VOIP", "08, METROPOLE, SPECIAL_RATE", "0700, METROPOLE, M2M"})
    void mapsEachRangeOfRulesToItsTerritoryAndKind(String prefix, Territory territory, NumberKind kind) {
        // First and last number of the range: a range is all of it or nothing.
        int first = Integer.parseInt((prefix.substring(1) + "000000000").substring(0, 9));
        int last = Integer.parseInt((prefix.substring(1) + "999999999").substring(0, 9));
        for (int nsn : new int[] {first, last}) {
            assertThat(PLAN.territory(nsn)).as("0" + nsn).isEqualTo(territory);
            assertThat(PLAN.kind(nsn)).as("0" + nsn).isEqualTo(kind);
            assertThat(PLAN.callable(nsn)).as("0" + nsn).isEqualTo(kind != NumberKind.SPECIAL_RATE && kind != NumberKind.M2M);
        }
    }

    @Test
    void leavesUnassignedRangesOut() {
        for (int nsn : new int[] {701_234_567, 712_345_678, 729_999_999, 99_999_999, 0, -1}) {
            assertThat(PLAN.isAssigned(nsn)).as(Integer.toString(nsn)).isFalse();
            assertThat(PLAN.territory(nsn)).isNull();
            assertThat(PLAN.isNpv(nsn, LocalDate.of(2026, 6, 1))).isFalse();
        }
    }

    @Test
    void givesADatedRowOnlyFromItsDateAndTheEarlierRowBefore() {
        NumberingPlan plan = NumberingPlan.of(List.of(
                row("01 METROPOLE GEOGRAPHIC yes no -"),
                row("0162 METROPOLE GEOGRAPHIC yes yes 2023-01-01"),
                row("01629 METROPOLE GEOGRAPHIC yes no 2030-01-01")));
        int nsn = 162_912_345;
        assertThat(plan.isNpv(nsn, LocalDate.of(2022, 12, 31))).isFalse();
        assertThat(plan.isNpv(nsn, LocalDate.of(2023, 1, 1))).isTrue();
        assertThat(plan.isNpv(nsn, LocalDate.of(2030, 1, 1))).isFalse();
        assertThat(plan.isNpv(162_812_345, LocalDate.of(2030, 1, 1))).isTrue();
    }

    @Test
    void refusesADatedRowThatWouldMoveANumberToAnotherTerritory() {
        assertThatThrownBy(() -> NumberingPlan.of(List.of(
                row("02 METROPOLE GEOGRAPHIC yes no -"),
                row("02688 REUNION GEOGRAPHIC yes yes 2026-01-01"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("02688");
    }

    @Test
    void refusesTheSamePrefixTwiceForTheSameDate() {
        assertThatThrownBy(() -> NumberingPlan.of(List.of(
                row("06 METROPOLE MOBILE yes no -"),
                row("0692 REUNION MOBILE yes no -"),
                row("0692 MAYOTTE MOBILE yes no -"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0692");
    }

    @Test
    void refusesMalformedLines() {
        assertThatThrownBy(() -> row("6 METROPOLE MOBILE yes no -")).hasMessageContaining("bad prefix");
        assertThatThrownBy(() -> row("06 METROPOLE MOBILE maybe no -")).hasMessageContaining("yes or no");
        assertThatThrownBy(() -> row("06 METROPOLE MOBILE yes no")).hasMessageContaining("6 tab-separated");
    }
}
