package fr.consenti.server.scrub;

import fr.consenti.core.scrub.ColumnSpec;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The options of a cleaning as the client gave them, checked: {@code purpose} (a purpose code of the professional;
 * required from 2026-08-11), {@code at} (the campaign date, yyyy-MM-dd, today in Paris by default), {@code separator}
 * ({@code ;} {@code ,} {@code tab}, detected by default), {@code encoding} (UTF-8 or windows-1252, detected by
 * default), {@code column} (the phone column's header, or its position from 1; found by default).
 */
record ScrubRequest(String purpose, LocalDate campaignDate, String separator, String encoding, String column) {

    static ScrubRequest parse(String purpose, String at, String separator, String encoding, String column,
                              LocalDate today) {
        List<ScrubProblems.FieldProblem> errors = new ArrayList<>();
        LocalDate date = today;
        if (blank(at) == null) {
            date = today;
        } else {
            try {
                date = LocalDate.parse(at.strip());
                if (date.isAfter(today.plusYears(1))) {
                    errors.add(new ScrubProblems.FieldProblem("at", "a campaign date at most a year ahead"));
                }
            } catch (DateTimeParseException e) {
                errors.add(new ScrubProblems.FieldProblem("at", "a date as yyyy-MM-dd, e.g. " + today));
            }
        }
        String sep = blank(separator);
        if (sep != null) {
            try {
                separatorChar(sep);
            } catch (IllegalArgumentException e) {
                errors.add(new ScrubProblems.FieldProblem("separator", e.getMessage()));
            }
        }
        String enc = blank(encoding);
        if (enc != null) {
            try {
                charset(enc);
            } catch (IllegalArgumentException e) {
                errors.add(new ScrubProblems.FieldProblem("encoding", e.getMessage()));
            }
        }
        String col = blank(column);
        if (col != null) {
            try {
                columnSpec(col);
            } catch (IllegalArgumentException e) {
                errors.add(new ScrubProblems.FieldProblem("column", e.getMessage()));
            }
        }
        String purposeCode = blank(purpose);
        if (!errors.isEmpty()) {
            throw ScrubProblems.validation(errors);
        }
        return new ScrubRequest(purposeCode, date, sep, enc, col);
    }

    static char separatorChar(String separator) {
        if (separator == null) {
            return 0;
        }
        return switch (separator.toLowerCase(Locale.ROOT)) {
            case "auto" -> 0;
            case ";", "semicolon" -> ';';
            case ",", "comma" -> ',';
            case "\t", "tab", "\\t" -> '\t';
            default -> throw new IllegalArgumentException("';', ',' or 'tab' (or auto, the default)");
        };
    }

    static Charset charset(String encoding) {
        if (encoding == null) {
            return null;
        }
        return switch (encoding.toLowerCase(Locale.ROOT).replace("_", "-")) {
            case "auto" -> null;
            case "utf-8", "utf8" -> StandardCharsets.UTF_8;
            case "windows-1252", "cp1252", "1252", "ansi" -> Charset.forName("windows-1252");
            case "iso-8859-1", "latin1", "latin-1" -> StandardCharsets.ISO_8859_1;
            case "iso-8859-15", "latin9" -> Charset.forName("ISO-8859-15");
            default -> throw new IllegalArgumentException("UTF-8 or windows-1252 (or auto, the default)");
        };
    }

    static ColumnSpec columnSpec(String column) {
        if (column == null || column.equalsIgnoreCase("auto")) {
            return new ColumnSpec.Auto();
        }
        if (column.chars().allMatch(Character::isDigit)) {
            int position;
            try {
                position = Integer.parseInt(column);
            } catch (NumberFormatException e) {
                position = 0;
            }
            if (position < 1 || position > 10_000) {
                throw new IllegalArgumentException("a column position from 1, or the column's header");
            }
            return new ColumnSpec.Index(position - 1);
        }
        if (column.length() > 100) {
            throw new IllegalArgumentException("a header of at most 100 characters");
        }
        return new ColumnSpec.Name(column);
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
