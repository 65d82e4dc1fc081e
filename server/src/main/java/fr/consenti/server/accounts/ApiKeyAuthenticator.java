package fr.consenti.server.accounts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Turns the key presented with an API request into its caller. The last-use time is written at most once per
 * {@link #LAST_USE_RESOLUTION} per key and node: a dialler checks many numbers a second, and a write per check
 * would cost more than the check itself, while an owner deciding which key to revoke needs the minute, not the
 * millisecond.
 */
@Component
public final class ApiKeyAuthenticator {

    static final Duration LAST_USE_RESOLUTION = Duration.ofMinutes(1);

    private final ApiKeys keys;
    private final Clock clock;
    private final Map<Long, Instant> lastRecorded = new ConcurrentHashMap<>();

    ApiKeyAuthenticator(ApiKeys keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    /** The caller whose live key this is, or empty for an unknown, malformed or revoked key. */
    public Optional<ApiCaller> authenticate(String presented) {
        return keys.find(presented).map(key -> {
            recordUse(key.id());
            return new ApiCaller(key.professionalId(), null, key.id());
        });
    }

    private void recordUse(long keyId) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Instant previous = lastRecorded.get(keyId);
        if (previous != null && previous.plus(LAST_USE_RESOLUTION).isAfter(now)) {
            return;
        }
        // Only the thread that wins the replace writes, so a burst of requests writes once.
        boolean won = previous == null
                ? lastRecorded.putIfAbsent(keyId, now) == null
                : lastRecorded.replace(keyId, previous, now);
        if (won) {
            keys.recordUse(keyId, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
        }
    }
}
