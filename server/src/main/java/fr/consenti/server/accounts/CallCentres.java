package fr.consenti.server.accounts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The call_centre table. A SIREN is checked (Luhn) by {@link Siren} before it gets here. */
@Component
public final class CallCentres {

    private static final String COLUMNS = "id, siren, name, created_at";

    private final JdbcClient jdbc;
    private final Clock clock;

    CallCentres(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public CallCentre create(Siren siren, String name) {
        jdbc.sql("insert into call_centre (siren, name, created_at) values (?, ?, ?)")
                .params(siren.value(), name, OffsetDateTime.now(clock.withZone(ZoneOffset.UTC)))
                .update();
        return findBySiren(siren).orElseThrow();
    }

    public Optional<CallCentre> findBySiren(Siren siren) {
        return jdbc.sql("select " + COLUMNS + " from call_centre where siren = ?").param(siren.value())
                .query(CallCentres::map).optional();
    }

    public Optional<CallCentre> findById(long id) {
        return jdbc.sql("select " + COLUMNS + " from call_centre where id = ?").param(id)
                .query(CallCentres::map).optional();
    }

    private static CallCentre map(ResultSet rs, int row) throws SQLException {
        return new CallCentre(rs.getLong("id"), new Siren(rs.getString("siren")), rs.getString("name"),
                rs.getObject("created_at", OffsetDateTime.class));
    }
}
