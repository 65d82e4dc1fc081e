package fr.consenti.core.proof;

import static org.assertj.core.api.Assertions.assertThat;

import fr.consenti.core.proof.ChainVerdict.Broken;
import fr.consenti.core.proof.ChainVerdict.Intact;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChainVerifierTest {

    private final ChainVerifier verifier = ChainVerifier.fromGenesis();

    @Test
    void chainOfTenThousandRowsIsIntact() {
        Ledger ledger = Ledger.of(10_000);

        ChainVerdict verdict = verifier.verify(ledger.scan());

        assertThat(verdict).isEqualTo(new Intact(10_000, 10_000, Hex.encode(ledger.row(10_000).hash)));
    }

    @Test
    void emptyChainIsIntactAtGenesis() {
        assertThat(verifier.verify(Collections.emptyIterator()))
                .isEqualTo(new Intact(0, 0, HashChain.GENESIS_HEX));
    }

    @Test
    void firstLinkHashesGenesisSequenceAndContentWithPlainSha256() throws Exception {
        Ledger ledger = Ledger.of(1);
        Ledger.Row first = ledger.row(1);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(new byte[32]);
        sha.update(ByteBuffer.allocate(8).putLong(1).array());
        sha.update(ledger.content(first));

        assertThat(first.previousHash).isEqualTo(Hex.decode(HashChain.GENESIS_HEX));
        assertThat(first.hash).isEqualTo(sha.digest());
    }

    @Test
    void detectsRowAlteredDirectlyInTheDatabase() {
        Ledger ledger = Ledger.of(1_000);
        ledger.row(437).siren = "999999999";

        assertThat(verifier.verify(ledger.scan()))
                .isInstanceOfSatisfying(Broken.class, b -> {
                    assertThat(b.sequence()).isEqualTo(437);
                    assertThat(b.kind()).isEqualTo(BreakKind.CONTENT_ALTERED);
                    assertThat(b.expected()).isEqualTo(Hex.encode(ledger.row(437).hash));
                    assertThat(b.actual()).isNotEqualTo(b.expected()).hasSize(64);
                });
    }

    @Test
    void detectsRowAlteredAndRehashedByItsLinkToTheNextRow() {
        Ledger ledger = Ledger.of(1_000);
        Ledger.Row forged = ledger.row(437);
        forged.channel = "PAPER";
        forged.hash = new HashChain().linkHash(forged.previousHash, 437, ledger.content(forged));

        assertThat(verifier.verify(ledger.scan())).isEqualTo(new Broken(438, BreakKind.LINK_BROKEN,
                Hex.encode(forged.hash), Hex.encode(ledger.row(438).previousHash)));
    }

    @Test
    void detectsStoredPreviousHashChanged() {
        Ledger ledger = Ledger.of(100);
        ledger.row(50).previousHash[0] ^= 1;

        assertThat(verifier.verify(ledger.scan()))
                .extracting(v -> ((Broken) v).sequence(), v -> ((Broken) v).kind())
                .containsExactly(50L, BreakKind.LINK_BROKEN);
    }

    @Test
    void detectsDeletedRowAsAGapAtItsSequence() {
        Ledger ledger = Ledger.of(1_000);
        ledger.rows.remove(499);

        assertThat(verifier.verify(ledger.scan())).isEqualTo(new Broken(500, BreakKind.SEQUENCE_GAP, "500", "501"));
    }

    @Test
    void detectsDeletedRowHiddenByRenumbering() {
        Ledger ledger = Ledger.of(1_000);
        ledger.rows.remove(499);
        ledger.rows.subList(499, ledger.rows.size()).forEach(r -> r.sequence--);

        assertThat(verifier.verify(ledger.scan()))
                .extracting(v -> ((Broken) v).sequence(), v -> ((Broken) v).kind())
                .containsExactly(500L, BreakKind.LINK_BROKEN);
    }

    @Test
    void theSequenceNumberIsInsideTheLinkHash() {
        Ledger ledger = Ledger.of(3);
        Ledger.Row row = ledger.row(3);

        assertThat(new HashChain().linkHash(row.previousHash, 4, ledger.content(row))).isNotEqualTo(row.hash);
    }

    @Test
    void detectsRowsReadOutOfOrder() {
        Ledger ledger = Ledger.of(100);
        Collections.swap(ledger.rows, 40, 41);

        assertThat(verifier.verify(ledger.scan())).isEqualTo(new Broken(41, BreakKind.SEQUENCE_GAP, "41", "42"));
    }

    @Test
    void detectsDuplicatedRow() {
        Ledger ledger = Ledger.of(100);
        ledger.rows.add(41, ledger.row(41));

        assertThat(verifier.verify(ledger.scan())).isEqualTo(new Broken(42, BreakKind.OUT_OF_ORDER, "42", "41"));
    }

    @Test
    void detectsTwoRowsWhoseSequenceNumbersWereSwapped() {
        Ledger ledger = Ledger.of(100);
        Ledger.Row a = ledger.row(41);
        Ledger.Row b = ledger.row(42);
        a.sequence = 42;
        b.sequence = 41;
        Collections.swap(ledger.rows, 40, 41);

        assertThat(verifier.verify(ledger.scan()))
                .extracting(v -> ((Broken) v).sequence(), v -> ((Broken) v).kind())
                .containsExactly(41L, BreakKind.LINK_BROKEN);
    }

    @Test
    void detectsMissingOrShortStoredHashWithoutThrowing() {
        Ledger ledger = Ledger.of(10);
        ledger.row(4).hash = null;
        ledger.row(2).hash = new byte[31];

        assertThat(verifier.verify(ledger.scan()))
                .isEqualTo(new Broken(2, BreakKind.CONTENT_ALTERED, Hex.encode(new byte[31]),
                        Hex.encode(Ledger.of(10).row(2).hash)));
    }

    @Test
    void detectsRowsDeletedAtTheEndAgainstAKnownHead() {
        Ledger ledger = Ledger.of(100);
        Checkpoint published = new Checkpoint(100, Hex.encode(ledger.row(100).hash));
        ledger.rows.subList(97, 100).clear();

        assertThat(verifier.verify(ledger.scan(), published)).isEqualTo(new Broken(98, BreakKind.TRUNCATED, "100", "97"));
        assertThat(verifier.verify(ledger.scan())).isInstanceOf(Intact.class);
    }

    @Test
    void detectsChainRecomputedAfterAKnownHead() {
        Ledger ledger = Ledger.of(100);
        Checkpoint published = new Checkpoint(60, Hex.encode(ledger.row(60).hash));
        ledger.row(10).channel = "PAPER";
        ledger.rehashFrom(9);

        assertThat(verifier.verify(ledger.scan())).isInstanceOf(Intact.class);
        assertThat(verifier.verify(ledger.scan(), published))
                .extracting(v -> ((Broken) v).sequence(), v -> ((Broken) v).kind())
                .containsExactly(60L, BreakKind.REWRITTEN);
    }

    @Test
    void resumesAfterACheckpointFromAnEarlierRun() {
        Ledger ledger = Ledger.of(200);
        Intact first = (Intact) verifier.verify(ledger.rows.stream().limit(120)
                .map(r -> new ChainLink(r.sequence, ledger.content(r), r.previousHash, r.hash)));
        Iterable<ChainLink> rest = () -> ledger.rows.stream().skip(120)
                .map(r -> new ChainLink(r.sequence, ledger.content(r), r.previousHash, r.hash)).iterator();

        assertThat(ChainVerifier.after(first.head()).verify(rest.iterator()))
                .isEqualTo(new Intact(80, 200, Hex.encode(ledger.row(200).hash)));
        assertThat(ChainVerifier.after(new Checkpoint(120, HashChain.GENESIS_HEX)).verify(rest.iterator()))
                .isInstanceOf(Broken.class);
    }

    @Test
    void verifierIsReusableAcrossWalks() {
        Ledger broken = Ledger.of(10);
        broken.row(5).notice = "x";
        assertThat(verifier.verify(broken.scan())).isInstanceOf(Broken.class);
        assertThat(verifier.verify(Ledger.of(10).scan())).isInstanceOf(Intact.class);
    }

    @Test
    void purgedRowKeepsTheChainIntact() {
        Ledger ledger = Ledger.of(1_000);
        byte[] before = ledger.content(ledger.row(300));
        ledger.rows.subList(0, 500).forEach(ledger::purge);

        assertThat(ledger.row(300).e164).isNull();
        assertThat(ledger.content(ledger.row(300))).isEqualTo(before);
        assertThat(verifier.verify(ledger.scan())).isInstanceOf(Intact.class);
    }

    @Test
    void detectsAlteredCommitmentInAPurgedRow() {
        Ledger ledger = Ledger.of(1_000);
        ledger.rows.forEach(ledger::purge);
        ledger.row(777).e164Commitment[31] ^= (byte) 0x80;

        assertThat(verifier.verify(ledger.scan()))
                .extracting(v -> ((Broken) v).sequence(), v -> ((Broken) v).kind())
                .containsExactly(777L, BreakKind.CONTENT_ALTERED);
    }

    @Test
    void detectsPurgeThatCommittedAnotherNumber() {
        Ledger ledger = Ledger.of(100);
        Ledger.Row row = ledger.row(12);
        row.e164Commitment = ledger.commitment.commit("+33699999999");
        row.e164 = null;

        assertThat(verifier.verify(ledger.scan()))
                .extracting(v -> ((Broken) v).sequence(), v -> ((Broken) v).kind())
                .containsExactly(12L, BreakKind.CONTENT_ALTERED);
    }

    @Test
    void detectsRawNumberChangedBeforePurge() {
        Ledger ledger = Ledger.of(100);
        ledger.row(12).e164 = "+33612345679";

        assertThat(verifier.verify(ledger.scan()))
                .extracting(v -> ((Broken) v).sequence(), v -> ((Broken) v).kind())
                .containsExactly(12L, BreakKind.CONTENT_ALTERED);
    }

    @Test
    void aChainBuiltUnderAnotherCommitmentKeyDoesNotVerify() {
        Ledger ledger = Ledger.of(10);
        CanonicalEncoder otherKey = new CanonicalEncoder(new FieldCommitment(new byte[32]));
        Ledger.Row row = ledger.row(1);
        byte[] content = otherKey.begin("consent").personal("e164", row.e164).string("siren", row.siren)
                .strings("purposes", row.purposes).string("channel", row.channel)
                .instant("collectedAt", row.collectedAt).string("notice", row.notice).toBytes();

        assertThat(verifier.verify(List.of(new ChainLink(1, content, row.previousHash, row.hash)).iterator()))
                .extracting(v -> ((Broken) v).kind()).isEqualTo(BreakKind.CONTENT_ALTERED);
    }
}
