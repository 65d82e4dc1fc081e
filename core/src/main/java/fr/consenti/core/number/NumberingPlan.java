package fr.consenti.core.number;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The French numbering plan (territory, kind, callable, NPV of each range), loaded once from
 * {@code numbering-plan.tsv} into a table indexed by the first 5 digits of a national significant number, so that
 * classifying a number is one array read and never allocates.
 */
public final class NumberingPlan {

    /** Digits of the NSN the table is indexed by: enough for the longest prefix (6 national digits). */
    static final int INDEX_DIGITS = 5;
    private static final int SLOT_DIVISOR = 10_000; // 10^(9 - INDEX_DIGITS)
    private static final int SLOTS = 100_000;       // 10^INDEX_DIGITS
    private static final long ALWAYS = Long.MIN_VALUE;
    private static final String RESOURCE = "numbering-plan.tsv";

    private static final NumberingPlan STANDARD = load();

    /** Row ids by NSN slot; 0 means unassigned. Each row id is the latest version of the longest prefix. */
    private final byte[] rowBySlot;
    private final String[] prefix;
    private final Territory[] territory;
    private final NumberKind[] kind;
    private final boolean[] callable;
    private final boolean[] npv;
    private final long[] validFromEpochDay;
    /** The row that applies before {@code validFrom}: an earlier version of the prefix or the enclosing prefix. */
    private final byte[] previous;

    private NumberingPlan(List<Row> rows) {
        int n = rows.size() + 1;
        if (n > Byte.MAX_VALUE) {
            throw new IllegalArgumentException("numbering plan: more than " + (Byte.MAX_VALUE - 1) + " rows");
        }
        rowBySlot = new byte[SLOTS];
        prefix = new String[n];
        territory = new Territory[n];
        kind = new NumberKind[n];
        callable = new boolean[n];
        npv = new boolean[n];
        validFromEpochDay = new long[n];
        previous = new byte[n];
        // Shorter prefixes first, then each prefix's versions oldest first: every row overwrites what it refines.
        List<Row> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparingInt((Row r) -> r.prefix.length())
                .thenComparing(r -> r.prefix)
                .thenComparingLong(r -> r.validFromEpochDay));
        for (int id = 1; id < n; id++) {
            Row row = sorted.get(id - 1);
            int nsnPrefix = row.prefix.length() == 1 ? 0 : Integer.parseInt(row.prefix.substring(1));
            int span = pow10(INDEX_DIGITS - (row.prefix.length() - 1));
            int first = nsnPrefix * span;
            byte before = rowBySlot[first];
            if (before != 0 && prefix[before].equals(row.prefix) && validFromEpochDay[before] == row.validFromEpochDay) {
                throw new IllegalArgumentException("numbering plan: prefix " + row.prefix + " twice for the same date");
            }
            if (row.validFromEpochDay != ALWAYS) {
                // A dated row refines a row that is always there and differs from it only by its NPV status.
                if (before == 0 || territory[before] != row.territory || kind[before] != row.kind
                        || callable[before] != row.callable) {
                    throw new IllegalArgumentException("numbering plan: dated row " + row.prefix
                            + " must refine an earlier row with the same territory, kind and callable");
                }
            }
            prefix[id] = row.prefix;
            territory[id] = row.territory;
            kind[id] = row.kind;
            callable[id] = row.callable;
            npv[id] = row.npv;
            validFromEpochDay[id] = row.validFromEpochDay;
            previous[id] = before;
            for (int slot = first; slot < first + span; slot++) {
                rowBySlot[slot] = (byte) id;
            }
        }
    }

    /** The plan shipped with Consenti ({@code numbering-plan.tsv} on the classpath). */
    public static NumberingPlan standard() {
        return STANDARD;
    }

    /** Whether the plan assigns the range of this 9-digit national significant number. */
    public boolean isAssigned(int nsn) {
        return row(nsn) != 0;
    }

    /** The territory of an assigned number; null when the range is not assigned. */
    public Territory territory(int nsn) {
        return territory[row(nsn)];
    }

    /** The kind of an assigned number; null when the range is not assigned. */
    public NumberKind kind(int nsn) {
        return kind[row(nsn)];
    }

    /** Whether a canvassing call may be placed to this number (false when unassigned). */
    public boolean callable(int nsn) {
        return callable[row(nsn)];
    }

    /** Whether this number is a verified multi-use number (NPV) on this date of the caller's territory. */
    public boolean isNpv(int nsn, LocalDate date) {
        return npv[rowOn(row(nsn), date.toEpochDay())];
    }

    /**
     * Whether this number is an NPV at this instant. A decision's date is read in the number's own territory,
     * where it applies: 02688 (Réunion) became an NPV at midnight Réunion time on 2026-01-01.
     */
    public boolean isNpv(int nsn, Instant instant) {
        int row = row(nsn);
        if (row == 0) {
            return false;
        }
        return npv[rowOn(row, LocalDate.ofInstant(instant, territory[row].zone()).toEpochDay())];
    }

    /** The parsed number for an NSN the hot path returned, with its NPV status on {@code date}; null if unassigned. */
    public FrenchNumber describe(int nsn, LocalDate date) {
        return describe(nsn, date.toEpochDay());
    }

    FrenchNumber describe(int nsn, long epochDay) {
        int row = row(nsn);
        if (row == 0) {
            return null;
        }
        return new FrenchNumber(nsn, null, territory[row], kind[row], callable[row], npv[rowOn(row, epochDay)]);
    }

    /** The row id for an NSN, 0 when unassigned or out of the 9-digit range. */
    int row(int nsn) {
        if (nsn < 100_000_000 || nsn > 999_999_999) {
            return 0;
        }
        return rowBySlot[nsn / SLOT_DIVISOR];
    }

    Territory territoryOfRow(int row) {
        return territory[row];
    }

    /** The national prefix of the row a number falls in ({@code 0692}), for messages and tests. */
    public String prefixOf(int nsn) {
        return prefix[row(nsn)];
    }

    private int rowOn(int row, long epochDay) {
        while (row != 0 && validFromEpochDay[row] > epochDay) {
            row = previous[row];
        }
        return row;
    }

    /** Every row of the plan, in file order, for tests that generate numbers over each range. */
    static List<Row> rows() {
        return readRows();
    }

    static NumberingPlan of(List<Row> rows) {
        return new NumberingPlan(rows);
    }

    private static NumberingPlan load() {
        return new NumberingPlan(readRows());
    }

    private static List<Row> readRows() {
        InputStream in = NumberingPlan.class.getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IllegalStateException("numbering plan resource missing: " + RESOURCE);
        }
        List<Row> rows = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int lineNumber = 0;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                rows.add(Row.parse(line, lineNumber));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    private static int pow10(int exponent) {
        int value = 1;
        for (int i = 0; i < exponent; i++) {
            value *= 10;
        }
        return value;
    }

    /** One line of the plan file. */
    record Row(String prefix, Territory territory, NumberKind kind, boolean callable, boolean npv,
               long validFromEpochDay) {

        static Row parse(String line, int lineNumber) {
            String[] f = line.split("\t", -1);
            if (f.length != 6) {
                throw new IllegalArgumentException("numbering plan line " + lineNumber + ": 6 tab-separated columns expected");
            }
            String prefix = f[0];
            if (!prefix.matches("0[1-9][0-9]{0,4}")) {
                throw new IllegalArgumentException("numbering plan line " + lineNumber + ": bad prefix " + prefix);
            }
            long validFrom = f[5].equals("-") ? ALWAYS : LocalDate.parse(f[5]).toEpochDay();
            return new Row(prefix, Territory.valueOf(f[1]), NumberKind.valueOf(f[2]), yesNo(f[3], lineNumber),
                    yesNo(f[4], lineNumber), validFrom);
        }

        /** The date the row takes effect, or null for always. */
        LocalDate validFrom() {
            return validFromEpochDay == ALWAYS ? null : LocalDate.ofEpochDay(validFromEpochDay);
        }

        private static boolean yesNo(String value, int lineNumber) {
            return switch (value) {
                case "yes" -> true;
                case "no" -> false;
                default -> throw new IllegalArgumentException("numbering plan line " + lineNumber + ": yes or no expected, got " + value);
            };
        }
    }
}
