package fr.consenti.server.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FastEd25519Test {

    @Test
    void signsExactlyTheBytesTheJdkSignsForAnyKeyAndInput() throws Exception {
        Random random = new Random(20261129);
        for (int k = 0; k < 5; k++) {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            FastEd25519 fast = new FastEd25519(pair.getPrivate());
            for (int i = 0; i < 40; i++) {
                byte[] input = new byte[random.nextInt(2000)];
                random.nextBytes(input);
                Signature jdk = Signature.getInstance("Ed25519");
                jdk.initSign(pair.getPrivate());
                jdk.update(input);
                assertThat(fast.sign(input)).as("key %d, input %d", k, i).isEqualTo(jdk.sign());
            }
        }
    }
}
