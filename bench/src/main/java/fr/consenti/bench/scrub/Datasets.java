package fr.consenti.bench.scrub;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.BitSet;
import java.util.SplittableRandom;

/**
 * The scrub benchmark's data, generated from a fixed seed so that every run and every machine cleans the same
 * bytes: an opposition list of 5 million distinct NSNs (one per line) and a call file of 10 million rows
 * ({@code nom;telephone;code_postal}, the name as {@code Martin Léa}, about 300 MB) in six number forms, 3% of names quoted with a separator
 * inside. Rows: 30% listed numbers, 60% other callable numbers, 4% repeats of a recent row, 3% invalid, 3% not
 * callable.
 */
public final class Datasets {

    public static final long SEED = 20261130L;
    public static final int LIST_SIZE = 5_000_000;
    public static final int CALL_ROWS = 10_000_000;

    private static final String[] NAMES = {"Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand",
        "Dubois", "Moreau", "Laurent", "Simon", "Michel", "Lefèvre", "Leroy", "Roux", "David", "Bertrand", "Morel",
        "Fournier", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau", "Vincent", "Muller", "Lefebvre",
        "Faure", "André", "Mercier", "Blanc", "Guérin", "Boyer", "Garnier", "Chevalier", "François", "Legrand",
        "Gauthier", "Garcia", "Perrin", "Robin", "Clément", "Morin", "Nicolas", "Henry", "Roussel", "Mathieu"};
    private static final String[] FIRST = {"Jean", "Marie", "Léa", "Hugo", "Chloé", "Louis", "Zoé", "Jules"};

    private Datasets() {
    }

    /** The list and the call file under {@code dir}, generated if absent. */
    public record DataFiles(Path list, Path calls) {
    }

    public static DataFiles ensure(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path list = dir.resolve("opposition-" + LIST_SIZE + "-s" + SEED + ".txt");
        Path calls = dir.resolve("calls-" + CALL_ROWS + "-s" + SEED + ".csv");
        if (!Files.exists(list) || !Files.exists(calls)) {
            long start = System.nanoTime();
            generate(list, calls);
            System.out.printf("generated %s and %s in %.1f s%n", list, calls, (System.nanoTime() - start) / 1e9);
        }
        return new DataFiles(list, calls);
    }

    /** A callable NSN: mostly mobiles (06, 073–079), then geographic (01–05) and 09. */
    static int callable(SplittableRandom random) {
        int kind = random.nextInt(100);
        if (kind < 55) {
            return 600_000_000 + random.nextInt(100_000_000);
        }
        if (kind < 70) {
            return 730_000_000 + random.nextInt(70_000_000);
        }
        if (kind < 92) {
            return 100_000_000 + random.nextInt(500_000_000);
        }
        return 900_000_000 + random.nextInt(100_000_000);
    }

    private static void generate(Path listPath, Path callsPath) throws IOException {
        SplittableRandom random = new SplittableRandom(SEED);
        int[] list = new int[LIST_SIZE];
        BitSet taken = new BitSet(1_000_000_000);
        for (int i = 0; i < LIST_SIZE; ) {
            int nsn = callable(random);
            if (!taken.get(nsn)) {
                taken.set(nsn);
                list[i++] = nsn;
            }
        }
        taken = null;
        Path tmpList = listPath.resolveSibling(listPath.getFileName() + ".tmp");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmpList), 1 << 16)) {
            byte[] line = new byte[10];
            line[9] = '\n';
            for (int nsn : list) {
                writeDigits(line, 0, nsn, 9);
                out.write(line, 0, 10);
            }
        }
        Path tmpCalls = callsPath.resolveSibling(callsPath.getFileName() + ".tmp");
        int[] recent = new int[1 << 12];
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmpCalls), 1 << 16)) {
            out.write("nom;telephone;code_postal\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            byte[][] names = new byte[NAMES.length][];
            for (int i = 0; i < NAMES.length; i++) {
                names[i] = NAMES[i].getBytes(java.nio.charset.StandardCharsets.UTF_8);
            }
            byte[][] first = new byte[FIRST.length][];
            for (int i = 0; i < FIRST.length; i++) {
                first[i] = FIRST[i].getBytes(java.nio.charset.StandardCharsets.UTF_8);
            }
            byte[] row = new byte[128];
            for (int r = 0; r < CALL_ROWS; r++) {
                int p = 0;
                byte[] name = names[random.nextInt(names.length)];
                if (random.nextInt(100) < 3) {
                    row[p++] = '"';
                    System.arraycopy(name, 0, row, p, name.length);
                    p += name.length;
                    row[p++] = ';';
                    row[p++] = ' ';
                    byte[] f = first[random.nextInt(first.length)];
                    System.arraycopy(f, 0, row, p, f.length);
                    p += f.length;
                    row[p++] = '"';
                } else {
                    System.arraycopy(name, 0, row, p, name.length);
                    p += name.length;
                    row[p++] = ' ';
                    byte[] f = first[random.nextInt(first.length)];
                    System.arraycopy(f, 0, row, p, f.length);
                    p += f.length;
                }
                row[p++] = ';';
                int kind = random.nextInt(100);
                int nsn;
                if (kind < 30) {
                    nsn = list[random.nextInt(LIST_SIZE)];
                } else if (kind < 90) {
                    nsn = callable(random);
                } else if (kind < 94) {
                    nsn = recent[random.nextInt(recent.length)];
                    if (nsn == 0) {
                        nsn = callable(random);
                    }
                } else if (kind < 97) {
                    nsn = -1; // invalid
                } else {
                    nsn = -2; // not callable
                }
                if (nsn > 0) {
                    recent[r & (recent.length - 1)] = nsn;
                    p = writeNumber(row, p, nsn, random.nextInt(6));
                } else if (nsn == -1) {
                    p = writeInvalid(row, p, random);
                } else {
                    p = writeNotCallable(row, p, random);
                }
                row[p++] = ';';
                int cp = 1000 + random.nextInt(95_000);
                writeDigits(row, p, cp, 5);
                p += 5;
                row[p++] = '\n';
                out.write(row, 0, p);
            }
        }
        Files.move(tmpList, listPath, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmpCalls, callsPath, StandardCopyOption.REPLACE_EXISTING);
    }

    /** One of the six forms: 0612345678, 06 12 34 56 78, 06.12.34.56.78, +33 6 12 34 56 78, +33612345678, 612345678. */
    static int writeNumber(byte[] row, int p, int nsn, int form) {
        byte[] d = new byte[9];
        writeDigits(d, 0, nsn, 9);
        switch (form) {
            case 0 -> {
                row[p++] = '0';
                System.arraycopy(d, 0, row, p, 9);
                p += 9;
            }
            case 1, 2 -> {
                byte sep = form == 1 ? (byte) ' ' : (byte) '.';
                row[p++] = '0';
                row[p++] = d[0];
                for (int i = 1; i < 9; i += 2) {
                    row[p++] = sep;
                    row[p++] = d[i];
                    row[p++] = d[i + 1];
                }
            }
            case 3 -> {
                row[p++] = '+';
                row[p++] = '3';
                row[p++] = '3';
                row[p++] = ' ';
                row[p++] = d[0];
                for (int i = 1; i < 9; i += 2) {
                    row[p++] = ' ';
                    row[p++] = d[i];
                    row[p++] = d[i + 1];
                }
            }
            case 4 -> {
                row[p++] = '+';
                row[p++] = '3';
                row[p++] = '3';
                System.arraycopy(d, 0, row, p, 9);
                p += 9;
            }
            default -> {
                System.arraycopy(d, 0, row, p, 9);
                p += 9;
            }
        }
        return p;
    }

    private static int writeInvalid(byte[] row, int p, SplittableRandom random) {
        switch (random.nextInt(3)) {
            case 0 -> { // too short
                row[p++] = '0';
                row[p++] = '6';
                writeDigits(row, p, random.nextInt(1_000_000), 6);
                p += 6;
            }
            case 1 -> { // letters
                for (byte b : "inconnu".getBytes(java.nio.charset.StandardCharsets.US_ASCII)) {
                    row[p++] = b;
                }
            }
            default -> { // foreign
                row[p++] = '+';
                row[p++] = '3';
                row[p++] = '2';
                writeDigits(row, p, 400_000_000 + random.nextInt(100_000_000), 9);
                p += 9;
            }
        }
        return p;
    }

    private static int writeNotCallable(byte[] row, int p, SplittableRandom random) {
        if (random.nextBoolean()) {
            row[p++] = '0';
            writeDigits(row, p, 800_000_000 + random.nextInt(100_000_000), 9);
            return p + 9;
        }
        row[p++] = '3';
        writeDigits(row, p, random.nextInt(1000), 3);
        return p + 3;
    }

    private static void writeDigits(byte[] out, int at, int value, int width) {
        for (int i = width - 1; i >= 0; i--) {
            out[at + i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }
}
