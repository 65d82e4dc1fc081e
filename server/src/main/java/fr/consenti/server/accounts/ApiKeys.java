package fr.consenti.server.accounts;

import fr.consenti.server.audit.AuditLog;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Component;

/**
 * API keys of professionals. A key is {@code ck_} followed by 43 URL-safe characters (256 random bits), shown
 * once to its owner; the database keeps its first {@value #PREFIX_LENGTH} characters, to find it, and its
 * SHA-256. A plain hash is enough because the key is random and long: there is no dictionary to try.
 */
@Component
public final class ApiKeys {

    public static final String KEY_START = "ck_";
    static final int PREFIX_LENGTH = 12;
    static final int MIN_LENGTH = 24;
    private static final Pattern KEY_SHAPE = Pattern.compile("[A-Za-z0-9_-]{" + MIN_LENGTH + ",200}");
    private static final int RANDOM_BYTES = 32;

    private final JdbcClient jdbc;
    private final Clock clock;
    private final AuditLog audit;
    private final SecureRandom random = new SecureRandom();
    private final ApplicationEventPublisher events;

    /** A key revoked, for whoever caches verified keys. */
    public record Revoked(long keyId) {
    }

    ApiKeys(JdbcClient jdbc, Clock clock, AuditLog audit, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.audit = audit;
        this.events = events;
    }

    /** Issues a new random key; the returned value is the only time the key exists outside its owner. */
    public IssuedApiKey issue(long professionalId, String label) {
        return issue(professionalId, label, "system");
    }

    /** Issues a new random key on behalf of {@code actor} (person:12, system), for the audit log. */
    public IssuedApiKey issue(long professionalId, String label, String actor) {
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        return register(professionalId, label, KEY_START + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes),
                actor);
    }

    /** Records a key chosen elsewhere (the operator's CONSENTI_DEMO_KEY), once its shape is checked. */
    public IssuedApiKey register(long professionalId, String label, String key) {
        return register(professionalId, label, key, "system");
    }

    /**
     * Issues a key scoped to {@code delegation}: it acts for the delegating professional, within the delegation, and
     * stops the moment the delegation is revoked or ends. Only the delegating professional issues one (see
     * DelegationController): the company answerable for every call made in its name decides which credentials exist.
     */
    public IssuedApiKey issueForDelegation(Delegation delegation, String label, String actor) {
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        return register(delegation.professionalId(), delegation.id(), label,
                KEY_START + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes), actor);
    }

    private IssuedApiKey register(long professionalId, String label, String key, String actor) {
        return register(professionalId, null, label, key, actor);
    }

    private IssuedApiKey register(long professionalId, Long delegationId, String label, String key, String actor) {
        requireWellFormed(key);
        KeyHolder generated = new GeneratedKeyHolder();
        jdbc.sql("""
                        insert into api_key (professional_id, delegation_id, prefix, secret_sha256, label, created_at)
                        values (?, ?, ?, ?, ?, ?)""")
                .params(professionalId, delegationId, prefixOf(key), sha256Hex(key), label, now())
                .update(generated, "id");
        long id = generated.getKeyAs(Long.class);
        audit.append(actor, "API_KEY_ISSUED", "api-key:" + id, "professional=" + professionalId
                + (delegationId == null ? "" : ", delegation=" + delegationId) + ", label=" + label);
        return new IssuedApiKey(id, prefixOf(key), key);
    }

    /** The keys of this professional with this label that are not revoked, oldest first. */
    public List<StoredApiKey> active(long professionalId, String label) {
        return jdbc.sql("""
                        select id, professional_id, prefix, secret_sha256, label, created_at, revoked_at, last_used_at,
                               delegation_id
                        from api_key where professional_id = ? and label = ? and revoked_at is null order by id""")
                .params(professionalId, label)
                .query(ApiKeys::stored)
                .list();
    }

    /**
     * The live key that is {@code presented}, if any: candidates are found by prefix, then each is compared by hash
     * in constant time; a revoked key is never returned. Anything not shaped like a key finds nothing.
     */
    public Optional<StoredApiKey> find(String presented) {
        if (presented == null || !KEY_SHAPE.matcher(presented).matches()) {
            return Optional.empty();
        }
        List<StoredApiKey> candidates = jdbc.sql("""
                        select id, professional_id, prefix, secret_sha256, label, created_at, revoked_at, last_used_at,
                               delegation_id
                        from api_key where prefix = ?""")
                .param(prefixOf(presented))
                .query(ApiKeys::stored)
                .list();
        // Every candidate is compared, so the time taken does not tell which one matched.
        StoredApiKey found = null;
        for (StoredApiKey candidate : candidates) {
            if (matches(candidate, presented) && candidate.revokedAt() == null) {
                found = candidate;
            }
        }
        return Optional.ofNullable(found);
    }

    /** The keys of this professional, newest first, revoked ones included. */
    public List<StoredApiKey> ofProfessional(long professionalId) {
        return jdbc.sql("""
                        select id, professional_id, prefix, secret_sha256, label, created_at, revoked_at, last_used_at,
                               delegation_id
                        from api_key where professional_id = ? order by id desc""")
                .param(professionalId)
                .query(ApiKeys::stored)
                .list();
    }

    /** Records that the key was used at {@code at}, unless a later use is already recorded. */
    void recordUse(long keyId, OffsetDateTime at) {
        jdbc.sql("update api_key set last_used_at = ? where id = ? and (last_used_at is null or last_used_at < ?)")
                .params(at, keyId, at)
                .update();
    }

    public void revoke(long keyId) {
        revoke(keyId, "system");
    }

    /** Revokes a key for good, on behalf of {@code actor} (person:12, system); revoking twice changes nothing. */
    public void revoke(long keyId, String actor) {
        int revoked = jdbc.sql("update api_key set revoked_at = ? where id = ? and revoked_at is null")
                .params(now(), keyId)
                .update();
        if (revoked == 1) {
            audit.append(actor, "API_KEY_REVOKED", "api-key:" + keyId, null);
        }
        // This node forgets the key at once; other nodes within ApiKeyAuthenticator.VERIFIED_KEY_TTL.
        events.publishEvent(new Revoked(keyId));
    }

    /** Whether this stored key is the one presented, compared in constant time. */
    public static boolean matches(StoredApiKey stored, String presented) {
        return MessageDigest.isEqual(stored.secretSha256().getBytes(StandardCharsets.US_ASCII),
                sha256Hex(presented).getBytes(StandardCharsets.US_ASCII));
    }

    public static void requireWellFormed(String key) {
        if (key == null || !KEY_SHAPE.matcher(key).matches()) {
            throw new IllegalArgumentException("an API key is " + MIN_LENGTH
                    + " to 200 characters among A-Z a-z 0-9 _ -");
        }
    }

    static String prefixOf(String key) {
        return key.substring(0, PREFIX_LENGTH);
    }

    public static String sha256Hex(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock.withZone(ZoneOffset.UTC));
    }

    /**
     * An api_key row, mapped by hand: the generic record mapper tried conversions it then caught as exceptions, on
     * every key lookup of every node (a dialler's keys are looked up again each time their cache entry expires).
     */
    private static StoredApiKey stored(ResultSet rs, int row) throws SQLException {
        long delegationId = rs.getLong("delegation_id");
        Long delegation = rs.wasNull() ? null : delegationId;
        return new StoredApiKey(rs.getLong("id"), rs.getLong("professional_id"), rs.getString("prefix"),
                rs.getString("secret_sha256"), rs.getString("label"), rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("revoked_at", OffsetDateTime.class), rs.getObject("last_used_at", OffsetDateTime.class),
                delegation);
    }
}
