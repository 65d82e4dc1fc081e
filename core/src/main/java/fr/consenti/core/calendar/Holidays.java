package fr.consenti.core.calendar;

import java.time.LocalDate;

/**
 * Public holidays by epoch day, precomputed as bitsets so that the hot path answers with one array read.
 *
 * <p>National days: C. trav. L3133-1 (1 Jan, Easter Monday, 1 May, 8 May, Ascension, Whit Monday, 14 Jul,
 * 15 Aug, 1 Nov, 11 Nov, 25 Dec). Whit Monday stays a public holiday every year: the "journée de solidarité"
 * (loi 2004-626) made it a working day by default in 2005-2007 without taking it off the L3133-1 list.
 *
 * <p>Local days: Good Friday and 26 December in Alsace-Moselle (C. trav. L3134-13, départements 57, 67, 68);
 * the abolition-of-slavery day overseas (loi 83-550 of 30 June 1983, now C. trav. L3422-2; dates fixed by
 * décret 83-1003 of 23 November 1983 as amended by décret 2012-553 of 23 April 2012): Mayotte 27 April,
 * Martinique 22 May, Guadeloupe 27 May, Guyane 10 June, La Réunion 20 December, Saint-Barthélemy 9 October,
 * Saint-Martin 27 May until 2017 and 28 May since 2018 (deliberation of the Conseil territorial of
 * 5 November 2015, applied by the interministerial circular of 4 May 2018; jollyday dates it the same way).
 */
final class Holidays {

    /** The years held in the bitsets; days outside are computed on demand (rare: audits, far-future tests). */
    static final int FIRST_YEAR = 1990;
    static final int LAST_YEAR = 2100;

    private static final long FIRST_DAY = LocalDate.of(FIRST_YEAR, 1, 1).toEpochDay();
    private static final long END_DAY = LocalDate.of(LAST_YEAR + 1, 1, 1).toEpochDay();

    /** National days only, shared by every zone when local holidays are off. */
    private static final long[] NATIONAL;
    /** National and local days, by {@link HolidayZone#ordinal()}. */
    private static final long[][] WITH_LOCAL;

    static {
        int words = (int) ((END_DAY - FIRST_DAY + 63) >>> 6);
        NATIONAL = new long[words];
        HolidayZone[] zones = HolidayZone.values();
        WITH_LOCAL = new long[zones.length][words];
        for (long day = FIRST_DAY; day < END_DAY; day++) {
            LocalDate date = LocalDate.ofEpochDay(day);
            int index = (int) (day - FIRST_DAY);
            boolean national = computeNational(date);
            if (national) {
                NATIONAL[index >>> 6] |= 1L << index;
            }
            for (HolidayZone zone : zones) {
                if (national || computeLocal(date, zone)) {
                    WITH_LOCAL[zone.ordinal()][index >>> 6] |= 1L << index;
                }
            }
        }
    }

    private Holidays() {
    }

    /** The bitset a calendar reads for a zone under a policy; outside {@link #FIRST_YEAR}..{@link #LAST_YEAR} see {@link #isHoliday}. */
    static long[] table(HolidayZone zone, boolean localHolidays) {
        return localHolidays ? WITH_LOCAL[zone.ordinal()] : NATIONAL;
    }

    /** Whether the day is a public holiday in the zone; {@code table} is what {@link #table} gave for that zone. */
    static boolean isHoliday(long[] table, long epochDay, HolidayZone zone, boolean localHolidays) {
        long index = epochDay - FIRST_DAY;
        if (index >= 0 && epochDay < END_DAY) {
            return (table[(int) (index >>> 6)] & (1L << index)) != 0;
        }
        LocalDate date = LocalDate.ofEpochDay(epochDay);
        return computeNational(date) || (localHolidays && computeLocal(date, zone));
    }

    static boolean computeNational(LocalDate date) {
        int month = date.getMonthValue();
        int day = date.getDayOfMonth();
        boolean fixed = (month == 1 && day == 1)
                || (month == 5 && (day == 1 || day == 8))
                || (month == 7 && day == 14)
                || (month == 8 && day == 15)
                || (month == 11 && (day == 1 || day == 11))
                || (month == 12 && day == 25);
        if (fixed) {
            return true;
        }
        if (month < 3 || month > 6) {
            return false; // Easter Monday (earliest 23 March) to Whit Monday (latest 14 June).
        }
        long sinceEaster = date.toEpochDay() - easterSunday(date.getYear()).toEpochDay();
        return sinceEaster == 1 || sinceEaster == 39 || sinceEaster == 50;
    }

    static boolean computeLocal(LocalDate date, HolidayZone zone) {
        int month = date.getMonthValue();
        int day = date.getDayOfMonth();
        return switch (zone) {
            case METROPOLE -> false;
            case ALSACE_MOSELLE -> (month == 12 && day == 26)
                    || (month >= 3 && month <= 4 && date.toEpochDay() == easterSunday(date.getYear()).toEpochDay() - 2);
            case MAYOTTE -> month == 4 && day == 27;
            case MARTINIQUE -> month == 5 && day == 22;
            case GUADELOUPE -> month == 5 && day == 27;
            case GUYANE -> month == 6 && day == 10;
            case REUNION -> month == 12 && day == 20;
            case SAINT_BARTHELEMY -> month == 10 && day == 9;
            case SAINT_MARTIN -> month == 5 && day == (date.getYear() >= 2018 ? 28 : 27);
        };
    }

    /** Gregorian Easter Sunday, by the anonymous algorithm (Meeus/Jones/Butcher). */
    static LocalDate easterSunday(int year) {
        int a = year % 19;
        int b = year / 100;
        int c = year % 100;
        int d = b / 4;
        int e = b % 4;
        int f = (b + 8) / 25;
        int g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30;
        int i = c / 4;
        int k = c % 4;
        int l = (32 + 2 * e + 2 * i - h - k) % 7;
        int m = (a + 11 * h + 22 * l) / 451;
        int month = (h + l - 7 * m + 114) / 31;
        int day = (h + l - 7 * m + 114) % 31 + 1;
        return LocalDate.of(year, month, day);
    }
}
