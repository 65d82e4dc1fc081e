package fr.consenti.server.consent;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.UUID;

/**
 * Consent ids as UUID version 7 (RFC 9562): 48 bits of milliseconds, then random bits. Ids made together sort
 * together, so the indexes on them grow at one end instead of touching a random page per row: a bulk import of
 * random (version 4) ids rewrote most of both databases' uuid index pages at every commit.
 */
final class ConsentIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private ConsentIds() {
    }

    static UUID next(Instant now) {
        long millis = now.toEpochMilli();
        long random = RANDOM.nextLong();
        long most = (millis << 16) | 0x7000L | (random & 0x0FFFL);
        long least = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(most, least);
    }
}
