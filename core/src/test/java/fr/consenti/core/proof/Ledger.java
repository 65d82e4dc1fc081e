package fr.consenti.core.proof;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** An in-memory stand-in for a ledger table: mutable rows that tests tamper with as a DBA could. */
final class Ledger {

    static final byte[] KEY = "0123456789abcdef0123456789abcdef-test-only".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** One stored row; personal field e164 is raw until purged, then only its commitment is kept. */
    static final class Row {
        long sequence;
        String e164;
        byte[] e164Commitment;
        String siren;
        List<String> purposes;
        String channel;
        Instant collectedAt;
        String notice;
        byte[] previousHash;
        byte[] hash;
    }

    final List<Row> rows = new ArrayList<>();
    final FieldCommitment commitment = new FieldCommitment(KEY);
    private final CanonicalEncoder encoder = new CanonicalEncoder(commitment);
    private final HashChain hasher = new HashChain();

    static Ledger of(int n) {
        Ledger ledger = new Ledger();
        Instant t = Instant.parse("2026-08-11T08:00:00Z");
        for (int i = 0; i < n; i++) {
            ledger.append("+336" + String.format("%08d", i), "" + (100000000 + i % 97),
                    List.of("ENERGY", "TELECOM").subList(0, 1 + i % 2), i % 3 == 0 ? "RECORDED_CALL" : "WEB_FORM",
                    t.plusSeconds(i).plusNanos((i % 1000) * 1000L), i % 5 == 0 ? null : "");
        }
        return ledger;
    }

    Row append(String e164, String siren, List<String> purposes, String channel, Instant collectedAt, String notice) {
        Row row = new Row();
        row.sequence = rows.size() + 1;
        row.e164 = e164;
        row.siren = siren;
        row.purposes = purposes;
        row.channel = channel;
        row.collectedAt = collectedAt;
        row.notice = notice;
        row.previousHash = rows.isEmpty() ? HashChain.genesis() : rows.getLast().hash.clone();
        row.hash = hasher.linkHash(row.previousHash, row.sequence, content(row));
        rows.add(row);
        return row;
    }

    /** The retention job: drop the raw value and keep its commitment; the link hash must not move. */
    void purge(Row row) {
        row.e164Commitment = commitment.commit(row.e164);
        row.e164 = null;
    }

    byte[] content(Row row) {
        encoder.begin("consent");
        if (row.e164Commitment != null) {
            encoder.committed("e164", row.e164Commitment);
        } else {
            encoder.personal("e164", row.e164);
        }
        return encoder.string("siren", row.siren)
                .strings("purposes", row.purposes)
                .string("channel", row.channel)
                .instant("collectedAt", row.collectedAt)
                .string("notice", row.notice)
                .toBytes();
    }

    /** Reads the table lazily, as a JDBC cursor would. */
    Iterator<ChainLink> scan() {
        Iterator<Row> it = rows.iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public ChainLink next() {
                Row r = it.next();
                return new ChainLink(r.sequence, content(r), r.previousHash, r.hash);
            }
        };
    }

    /** Recomputes every hash from row {@code from} on, as a forger with write access would after a change. */
    void rehashFrom(int index) {
        for (int i = index; i < rows.size(); i++) {
            Row r = rows.get(i);
            r.previousHash = i == 0 ? HashChain.genesis() : rows.get(i - 1).hash.clone();
            r.hash = hasher.linkHash(r.previousHash, r.sequence, content(r));
        }
    }

    Row row(long sequence) {
        return rows.get((int) sequence - 1);
    }
}
