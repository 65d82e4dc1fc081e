package fr.consenti.server.accounts;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The professionals table. A plain component: JdbcClient already translates SQL errors, and @Repository would proxy (subclass) this final class for that. */
@Component
public final class Professionals {

    private static final String COLUMNS = "id, siren, name, sector, created_at";

    private final JdbcClient jdbc;
    private final Clock clock;

    Professionals(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public Optional<Professional> findById(long id) {
        return jdbc.sql("select " + COLUMNS + " from professional where id = ?")
                .param(id)
                .query(Professionals::map)
                .optional();
    }

    public Optional<Professional> findBySiren(Siren siren) {
        return jdbc.sql("select " + COLUMNS + " from professional where siren = ?")
                .param(siren.value())
                .query(Professionals::map)
                .optional();
    }

    /**
     * Reads the professional and locks its row until the transaction ends, so that two nodes changing the same
     * professional's keys at once take turns.
     */
    public Optional<Professional> lockBySiren(Siren siren) {
        return jdbc.sql("select " + COLUMNS + " from professional where siren = ? for update")
                .param(siren.value())
                .query(Professionals::map)
                .optional();
    }

    public Professional create(Siren siren, String name, String sector) {
        OffsetDateTime now = OffsetDateTime.now(clock.withZone(ZoneOffset.UTC));
        jdbc.sql("insert into professional (siren, name, sector, created_at) values (?, ?, ?, ?)")
                .params(siren.value(), name, sector, now)
                .update();
        return findBySiren(siren).orElseThrow();
    }

    private static Professional map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Professional(rs.getLong("id"), new Siren(rs.getString("siren")), rs.getString("name"),
                rs.getString("sector"), rs.getObject("created_at", OffsetDateTime.class));
    }
}
