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
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Turns the key presented with an API request into its caller.
 *
 * <p>A key found live in the database is trusted for {@link #VERIFIED_KEY_TTL} on this node without asking the
 * database again (a dialler sends many requests a second, and the lookup cost as much as the rest of a light
 * request). So a revoked key stops <em>at once</em> on the node that revoked it (it forgets the key), and on every
 * other node within {@link #VERIFIED_KEY_TTL}. A key scoped to a delegation is different: its delegation row is read
 * on every request, so revoking or ending a delegation stops its keys at once on every node.
 *
 * <p>The last-use time is written at most once per {@link #LAST_USE_RESOLUTION} per key and node: an owner deciding
 * which key to revoke needs the minute, not the millisecond.
 */
@Component
public final class ApiKeyAuthenticator {

    static final Duration LAST_USE_RESOLUTION = Duration.ofMinutes(1);
    /** How long a node trusts a key it verified: the longest a key revoked on another node still works here. */
    public static final Duration VERIFIED_KEY_TTL = Duration.ofSeconds(2);
    /** Beyond this many verified keys in memory, the cache starts again empty (keys are few; this bounds a flood). */
    private static final int MAX_CACHED = 10_000;

    private record Verified(StoredApiKey key, Instant until) {
    }

    private final ApiKeys keys;
    private final Delegations delegations;
    private final Clock clock;
    private final Map<Long, Instant> lastRecorded = new ConcurrentHashMap<>();
    /** By the SHA-256 of the presented key, never the key itself. */
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    ApiKeyAuthenticator(ApiKeys keys, Delegations delegations, Clock clock) {
        this.keys = keys;
        this.delegations = delegations;
        this.clock = clock;
    }

    /** The caller whose live key this is, or empty for an unknown, malformed or revoked key or delegation. */
    public Optional<ApiCaller> authenticate(String presented) {
        Instant now = clock.instant();
        Optional<StoredApiKey> key = liveKey(presented, now);
        if (key.isEmpty()) {
            return Optional.empty();
        }
        StoredApiKey stored = key.get();
        if (stored.delegationId() != null) {
            // Read every time: a revoked or ended delegation stops its keys at once, on every node.
            boolean active = delegations.find(stored.delegationId())
                    .filter(d -> d.professionalId() == stored.professionalId() && d.activeAt(now))
                    .isPresent();
            if (!active) {
                return Optional.empty();
            }
        }
        recordUse(stored.id(), now);
        return Optional.of(new ApiCaller(stored.professionalId(), stored.delegationId(), stored.id()));
    }

    private Optional<StoredApiKey> liveKey(String presented, Instant now) {
        if (presented == null || presented.isEmpty()) {
            return Optional.empty();
        }
        String digest = ApiKeys.sha256Hex(presented);
        Verified cached = verified.get(digest);
        if (cached != null && now.isBefore(cached.until())) {
            return Optional.of(cached.key());
        }
        Optional<StoredApiKey> found = keys.find(presented);
        if (found.isPresent()) {
            if (verified.size() >= MAX_CACHED) {
                verified.clear();
            }
            verified.put(digest, new Verified(found.get(), now.plus(VERIFIED_KEY_TTL)));
        } else if (cached != null) {
            verified.remove(digest, cached);
        }
        return found;
    }

    @EventListener
    void forget(ApiKeys.Revoked revoked) {
        verified.values().removeIf(v -> v.key().id() == revoked.keyId());
    }

    private void recordUse(long keyId, Instant at) {
        Instant now = at.truncatedTo(ChronoUnit.MICROS);
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
