package fr.consenti.server.consent;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The purposes each professional defines; a consent's scope is a list of their codes. */
@Component
final class Purposes {

    /** A purpose as the professional defined it. */
    record Purpose(String code, String label, String nature) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    Purposes(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    Purpose define(long professionalId, Purpose purpose) {
        try {
            jdbc.sql("insert into purpose (professional_id, code, label, nature, created_at) values (?, ?, ?, ?, ?)")
                    .params(professionalId, purpose.code(), purpose.label(), purpose.nature(),
                            OffsetDateTime.now(clock.withZone(ZoneOffset.UTC)))
                    .update();
            return purpose;
        } catch (DuplicateKeyException e) {
            // A purpose defines what past consents covered: it is never redefined under the same code.
            throw Problems.of(HttpStatus.CONFLICT, "PURPOSE_EXISTS",
                    "Purpose " + purpose.code() + " is already defined; define a new code for another scope.");
        }
    }

    /** Every purpose of the professional by code, in the order they were defined. */
    Map<String, Purpose> of(long professionalId) {
        List<Purpose> all = jdbc.sql("select code, label, nature from purpose where professional_id = ? order by id")
                .param(professionalId)
                .query(Purpose.class)
                .list();
        Map<String, Purpose> byCode = new LinkedHashMap<>();
        all.forEach(p -> byCode.put(p.code(), p));
        return byCode;
    }
}
