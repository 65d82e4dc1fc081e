package fr.consenti.server.accounts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/** The person table. Emails are compared lower-cased and stripped, everywhere, through {@link #normaliseEmail}. */
@Component
public final class People {

    private static final String COLUMNS =
            "id, email, role, professional_id, email_verified_at, created_at, call_centre_id, disabled_at";

    private final JdbcClient jdbc;
    private final Clock clock;
    private final PasswordEncoder passwords;

    People(JdbcClient jdbc, Clock clock, PasswordEncoder passwords) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.passwords = passwords;
    }

    public static String normaliseEmail(String email) {
        return email == null ? null : email.strip().toLowerCase(Locale.ROOT);
    }

    /** Creates a person with the password hashed; {@code verified} marks the email verified now (staff, tests). */
    public Person create(String email, String rawPassword, Role role, Long professionalId, boolean verified) {
        OffsetDateTime now = now();
        KeyHolder generated = new GeneratedKeyHolder();
        jdbc.sql("""
                        insert into person (email, password_hash, role, professional_id, email_verified_at, created_at)
                        values (?, ?, ?, ?, ?, ?)""")
                .params(normaliseEmail(email), passwords.encode(rawPassword), role.name(), professionalId,
                        verified ? now : null, now)
                .update(generated, "id");
        return findById(generated.getKeyAs(Long.class)).orElseThrow();
    }

    /**
     * Creates a person whose address a mailed link just proved (an invitation accepted, a professional's sign-up
     * verified): the password already hashed, the email verified now, the role and company those the link carried.
     */
    Person createInvited(String email, String passwordHash, Role role, Long professionalId, Long callCentreId) {
        OffsetDateTime now = now();
        KeyHolder generated = new GeneratedKeyHolder();
        jdbc.sql("""
                        insert into person (email, password_hash, role, professional_id, call_centre_id,
                                            email_verified_at, created_at)
                        values (?, ?, ?, ?, ?, ?, ?)""")
                .params(normaliseEmail(email), passwordHash, role.name(), professionalId, callCentreId, now, now)
                .update(generated, "id");
        return findById(generated.getKeyAs(Long.class)).orElseThrow();
    }

    /** The people acting for this professional, active or not, by email. */
    public List<Person> ofProfessional(long professionalId) {
        return jdbc.sql("select " + COLUMNS + " from person where professional_id = ? order by email")
                .param(professionalId).query(People::map).list();
    }

    /** The people acting for this call centre, active or not, by email. */
    public List<Person> ofCallCentre(long callCentreId) {
        return jdbc.sql("select " + COLUMNS + " from person where call_centre_id = ? order by email")
                .param(callCentreId).query(People::map).list();
    }

    /** How many people with access each call centre has, by call centre id (absent: none). */
    public java.util.Map<Long, Long> activeByCallCentre() {
        java.util.Map<Long, Long> counts = new java.util.HashMap<>();
        jdbc.sql("select call_centre_id, count(*) from person where call_centre_id is not null and disabled_at is null"
                        + " group by call_centre_id")
                .query((rs, row) -> counts.put(rs.getLong(1), rs.getLong(2))).list();
        return counts;
    }

    /** Whether this person may still use their account (their access was not removed). */
    public boolean active(long personId) {
        return jdbc.sql("select count(*) from person where id = ? and disabled_at is null").param(personId)
                .query(Long.class).single() > 0;
    }

    /** Removes a person's access, once; returns whether this call did it. */
    boolean disable(long personId) {
        return jdbc.sql("update person set disabled_at = ? where id = ? and disabled_at is null")
                .params(now(), personId).update() == 1;
    }

    /** Links a CALL_CENTRE person to the call centre they act for (the database refuses any other role). */
    public Person linkToCallCentre(long personId, long callCentreId) {
        jdbc.sql("update person set call_centre_id = ? where id = ? and role = 'CALL_CENTRE'")
                .params(callCentreId, personId).update();
        return findById(personId).orElseThrow();
    }

    public Optional<Person> findById(long id) {
        return jdbc.sql("select " + COLUMNS + " from person where id = ?").param(id).query(People::map).optional();
    }

    public Optional<Person> findByEmail(String email) {
        return jdbc.sql("select " + COLUMNS + " from person where email = ?")
                .param(normaliseEmail(email)).query(People::map).optional();
    }

    public boolean exists(String email) {
        return jdbc.sql("select count(*) from person where email = ?").param(normaliseEmail(email))
                .query(Long.class).single() > 0;
    }

    /** The password hash, for sign-in only. */
    Optional<String> passwordHash(String email) {
        return jdbc.sql("select password_hash from person where email = ?").param(normaliseEmail(email))
                .query(String.class).optional();
    }

    /** Marks the email verified, once; returns whether this call did it. */
    boolean markVerified(long personId) {
        return jdbc.sql("update person set email_verified_at = ? where id = ? and email_verified_at is null")
                .params(now(), personId).update() == 1;
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock.withZone(ZoneOffset.UTC));
    }

    private static Person map(ResultSet rs, int row) throws SQLException {
        Long professional = rs.getObject("professional_id", Long.class);
        return new Person(rs.getLong("id"), rs.getString("email"), Role.valueOf(rs.getString("role")), professional,
                rs.getObject("email_verified_at", OffsetDateTime.class), rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("call_centre_id", Long.class), rs.getObject("disabled_at", OffsetDateTime.class));
    }
}
