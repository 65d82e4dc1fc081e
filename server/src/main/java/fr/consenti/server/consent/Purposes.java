package fr.consenti.server.consent;

import fr.consenti.server.audit.AuditLog;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** The purposes each professional defines; a consent's scope is a list of their codes. */
@Component
final class Purposes {

    /** A purpose as the professional defined it. */
    record Purpose(String code, String label, String nature) {
    }

    // Upper-case codes without commas: they are joined with commas in the ledger.
    private static final Pattern CODE = Pattern.compile("[A-Z0-9][A-Z0-9_-]{0,39}");

    /** Beyond this many professionals in memory, the cache starts again empty. */
    private static final int MAX_CACHED = 10_000;

    private final JdbcClient jdbc;
    private final Clock clock;
    /**
     * Each professional's purposes as last read. Purposes are only ever added (never changed nor deleted), so a cached
     * catalogue is right about every code it holds; a code it lacks may have been defined since, on any node, and
     * makes {@link #covering} read again.
     */
    private final Map<Long, Map<String, Purpose>> cache = new ConcurrentHashMap<>();

    private final AuditLog audit;
    private final TransactionTemplate transactions;

    Purposes(JdbcClient jdbc, Clock clock, AuditLog audit, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.audit = audit;
        this.transactions = transactions;
    }

    /**
     * A purpose from what a professional typed, the same for the API and the pages: every bad field named
     * (problem+json VALIDATION_FAILED).
     */
    static Purpose validated(String code, String label, String nature) {
        List<Problems.FieldProblem> errors = new ArrayList<>();
        String stripped = code == null ? "" : code.strip();
        if (!CODE.matcher(stripped).matches()) {
            errors.add(new Problems.FieldProblem("code",
                    "1 to 40 characters among A-Z 0-9 _ -, starting with a letter or digit"));
        }
        String labelText = bounded("label", label, 200, errors);
        String natureText = bounded("nature", nature, 500, errors);
        if (!errors.isEmpty()) {
            throw Problems.validation(errors);
        }
        return new Purpose(stripped, labelText, natureText);
    }

    private static String bounded(String field, String value, int max, List<Problems.FieldProblem> errors) {
        String text = value == null ? "" : value.strip();
        if (text.isEmpty()) {
            errors.add(new Problems.FieldProblem(field, "is required"));
        } else if (text.length() > max) {
            errors.add(new Problems.FieldProblem(field, "at most " + max + " characters"));
        } else if (text.chars().anyMatch(Character::isISOControl)) {
            errors.add(new Problems.FieldProblem(field, "holds a control character"));
        } else {
            return text;
        }
        return null;
    }

    /** Defines a purpose of the professional, in the audit log with {@code actor} in the same transaction. */
    Purpose define(long professionalId, Purpose purpose, String actor) {
        try {
            transactions.executeWithoutResult(status -> {
                jdbc.sql("insert into purpose (professional_id, code, label, nature, created_at) values (?, ?, ?, ?, ?)")
                        .params(professionalId, purpose.code(), purpose.label(), purpose.nature(),
                                OffsetDateTime.now(clock.withZone(ZoneOffset.UTC)))
                        .update();
                audit.append(actor, "PURPOSE_DEFINED", "professional:" + professionalId, "code=" + purpose.code());
            });
            cache.remove(professionalId);
            return purpose;
        } catch (DuplicateKeyException e) {
            // A purpose defines what past consents covered: it is never redefined under the same code.
            throw Problems.of(HttpStatus.CONFLICT, "PURPOSE_EXISTS",
                    "Purpose " + purpose.code() + " is already defined; define a new code for another scope.");
        }
    }

    /**
     * The professional's purposes, at least every one of {@code codes} that is defined: from memory when it holds them
     * all, otherwise read again. For checking a consent's scope without a query per consent.
     */
    Map<String, Purpose> covering(long professionalId, Collection<String> codes) {
        Map<String, Purpose> cached = cache.get(professionalId);
        if (cached != null && cached.keySet().containsAll(codes)) {
            return cached;
        }
        Map<String, Purpose> fresh = of(professionalId);
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        cache.put(professionalId, fresh);
        return fresh;
    }

    /** Every purpose of the professional by code, in the order they were defined. */
    Map<String, Purpose> of(long professionalId) {
        List<Purpose> all = jdbc.sql("select code, label, nature from purpose where professional_id = ? order by id")
                .param(professionalId)
                .query(Purpose.class)
                .list();
        Map<String, Purpose> byCode = new LinkedHashMap<>();
        all.forEach(p -> byCode.put(p.code(), p));
        return Collections.unmodifiableMap(byCode);
    }
}
