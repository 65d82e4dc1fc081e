package fr.consenti.core.scrub;

import fr.consenti.core.number.NumberErrorCode;
import fr.consenti.core.number.NumberParser;
import java.nio.charset.Charset;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Detects a call file's separator, encoding, header and phone column from its first buffer. Runs once per file,
 * so it may allocate; the per-row path is {@link Scrubber}'s.
 */
final class FormatDetector {

    static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    /** Records sampled to find the phone column of a file without a header naming it. */
    private static final int SAMPLE_RECORDS = 1000;
    /** Header names of a phone column, normalised (lower case, no accent, letters and digits only), best first. */
    private static final List<String> PHONE_WORDS = List.of("telephone", "phone", "mobile", "portable",
            "gsm", "msisdn", "cellulaire", "cell", "numerodetelephone", "tel", "numero", "number", "num");
    /** From this rank on, a word matches only the whole name: {@code numeroclient} is no phone column. */
    private static final int GENERIC_FROM = 9;

    private FormatDetector() {
    }

    /** Valid UTF-8 over {@code buf[from, to)}; a sequence cut by the end of a buffer that is not the file's end counts as valid. */
    static boolean isUtf8(byte[] buf, int from, int to, boolean eof) {
        int i = from;
        while (i < to) {
            int b = buf[i] & 0xFF;
            int extra;
            if (b < 0x80) {
                i++;
                continue;
            } else if (b >= 0xC2 && b <= 0xDF) {
                extra = 1;
            } else if (b >= 0xE0 && b <= 0xEF) {
                extra = 2;
            } else if (b >= 0xF0 && b <= 0xF4) {
                extra = 3;
            } else {
                return false;
            }
            for (int k = 1; k <= extra; k++) {
                if (i + k >= to) {
                    return !eof;
                }
                if ((buf[i + k] & 0xC0) != 0x80) {
                    return false;
                }
            }
            i += extra + 1;
        }
        return true;
    }

    /** The separator with the most occurrences outside quotes on the first line; {@code ;} on a tie or none. */
    static char separator(byte[] buf, int from, int to) {
        int semicolons = 0;
        int commas = 0;
        int tabs = 0;
        boolean quoted = false;
        for (int i = from; i < to; i++) {
            byte b = buf[i];
            if (b == '"') {
                quoted = !quoted;
            } else if (!quoted) {
                if (b == '\n') {
                    break;
                } else if (b == ';') {
                    semicolons++;
                } else if (b == ',') {
                    commas++;
                } else if (b == '\t') {
                    tabs++;
                }
            }
        }
        if (semicolons >= commas && semicolons >= tabs) {
            return ';';
        }
        return tabs >= commas ? '\t' : ',';
    }

    /** A record split into field bounds, for detection only. */
    record Fields(int end, List<int[]> bounds) {
    }

    /** The record starting at {@code from}, or null when it does not end within the buffer. */
    static Fields split(byte[] buf, int from, int limit, boolean eof, char sep) {
        List<int[]> bounds = new ArrayList<>();
        int i = from;
        int fieldStart = from;
        while (true) {
            if (i >= limit) {
                if (!eof) {
                    return null;
                }
                bounds.add(new int[] {fieldStart, trimCr(buf, fieldStart, limit)});
                return new Fields(limit, bounds);
            }
            byte b = buf[i];
            if (b == '"' && i == fieldStart) {
                int j = i + 1;
                while (true) {
                    if (j >= limit) {
                        return null;
                    }
                    if (buf[j] == '"') {
                        if (j + 1 < limit && buf[j + 1] == '"') {
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    j++;
                }
                bounds.add(new int[] {i + 1, j});
                i = j + 1;
                while (i < limit && buf[i] != sep && buf[i] != '\n') {
                    i++;
                }
                if (i >= limit) {
                    return eof ? new Fields(limit, bounds) : null;
                }
                if (buf[i] == '\n') {
                    return new Fields(i + 1, bounds);
                }
                fieldStart = ++i;
                if (i >= limit && eof) {
                    bounds.add(new int[] {i, i});
                    return new Fields(limit, bounds);
                }
                continue;
            }
            if (b == sep) {
                bounds.add(new int[] {fieldStart, i});
                fieldStart = ++i;
                continue;
            }
            if (b == '\n') {
                bounds.add(new int[] {fieldStart, trimCr(buf, fieldStart, i)});
                return new Fields(i + 1, bounds);
            }
            i++;
        }
    }

    private static int trimCr(byte[] buf, int from, int to) {
        return to > from && buf[to - 1] == '\r' ? to - 1 : to;
    }

    /** Lower case, accents removed, letters and digits only: {@code Téléphone 1} → {@code telephone1}. */
    static String normalize(String name) {
        String decomposed = Normalizer.normalize(name, Normalizer.Form.NFD);
        StringBuilder out = new StringBuilder(decomposed.length());
        for (int i = 0; i < decomposed.length(); i++) {
            char c = decomposed.charAt(i);
            if (Character.isLetterOrDigit(c) && Character.getType(c) != Character.NON_SPACING_MARK) {
                out.append(c);
            }
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }

    /** The index of the field whose name looks most like a phone column's, or -1. */
    static int phoneColumnByName(List<String> names) {
        int best = -1;
        int bestRank = Integer.MAX_VALUE;
        for (int f = 0; f < names.size(); f++) {
            String name = normalize(names.get(f));
            for (int rank = 0; rank < PHONE_WORDS.size() && rank < bestRank; rank++) {
                String word = PHONE_WORDS.get(rank);
                // "numero client" is a customer number: generic words match only alone or numbered ("numero2").
                boolean match = rank < GENERIC_FROM ? name.startsWith(word)
                        : name.equals(word) || name.startsWith(word) && name.substring(word.length()).chars()
                                .allMatch(Character::isDigit);
                if (match) {
                    best = f;
                    bestRank = rank;
                }
            }
        }
        return best;
    }

    /** The column whose values most often parse as French numbers over the sampled records, or -1. */
    static int phoneColumnByValues(byte[] buf, List<Fields> sample) {
        int[] hits = new int[64];
        for (Fields record : sample) {
            for (int f = 0; f < record.bounds().size() && f < hits.length; f++) {
                int[] bound = record.bounds().get(f);
                int nsn = NumberParser.parseNsn(buf, bound[0], bound[1]);
                if (nsn >= 0) {
                    hits[f]++;
                }
            }
        }
        int best = -1;
        for (int f = 0; f < hits.length; f++) {
            if (hits[f] > 0 && (best < 0 || hits[f] > hits[best])) {
                best = f;
            }
        }
        return best;
    }

    /** Whether a first record's value in the phone column reads as a header: it has letters. */
    static boolean looksLikeHeader(byte[] buf, int[] bound) {
        return NumberParser.parseNsn(buf, bound[0], bound[1]) == NumberErrorCode.LETTERS.hotPathCode();
    }

    static List<Fields> sample(byte[] buf, int from, int limit, boolean eof, char sep) {
        List<Fields> sample = new ArrayList<>();
        int i = from;
        while (i < limit && sample.size() < SAMPLE_RECORDS) {
            Fields record = split(buf, i, limit, eof, sep);
            if (record == null) {
                break;
            }
            if (!(record.end() - i <= 2 && (buf[i] == '\n' || buf[i] == '\r'))) {
                sample.add(record);
            }
            i = record.end();
        }
        return sample;
    }

    static String decode(byte[] buf, int[] bound, Charset charset) {
        return new String(buf, bound[0], bound[1] - bound[0], charset);
    }
}
