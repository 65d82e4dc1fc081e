package fr.consenti.server.outbox;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Component;

/** Puts messages in the outbox, inside the caller's transaction; {@link OutboxSender} delivers them. */
@Component
public final class Outbox {

    static final String COLUMNS = "id, kind, recipient, subject, body, created_at, sent_at, attempts, last_error";

    private final JdbcClient jdbc;
    private final Clock clock;

    Outbox(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** An outbox on this database outside the application (the command-line tool runs without Spring's context). */
    public static Outbox standalone(JdbcClient jdbc, Clock clock) {
        return new Outbox(jdbc, clock);
    }

    /** Queues a mail; it is sent only if the caller's transaction commits. Returns the row's id. */
    public long mail(String to, String subject, String body) {
        return insert(OutboxMail.Kind.EMAIL, to, subject, body);
    }

    /** A file sent with a mail. */
    public record Attachment(String filename, String contentType, byte[] content) {
    }

    /** Queues a mail with files attached; sent only if the caller's transaction commits. Returns the row's id. */
    public long mail(String to, String subject, String body, List<Attachment> attachments) {
        long id = insert(OutboxMail.Kind.EMAIL, to, subject, body);
        for (Attachment attachment : attachments) {
            jdbc.sql("insert into outbox_attachment (mail_id, filename, content_type, content) values (?, ?, ?, ?)")
                    .params(id, attachment.filename(), attachment.contentType(), attachment.content())
                    .update();
        }
        return id;
    }

    /** The files attached to one mail, in the order they were attached. */
    public List<Attachment> attachments(long mailId) {
        return jdbc.sql("select filename, content_type, content from outbox_attachment where mail_id = ? order by id")
                .param(mailId)
                .query((rs, n) -> new Attachment(rs.getString(1), rs.getString(2), rs.getBytes(3)))
                .list();
    }

    long insert(OutboxMail.Kind kind, String to, String subject, String body) {
        KeyHolder generated = new GeneratedKeyHolder();
        jdbc.sql("""
                        insert into outbox_mail (kind, recipient, subject, body, created_at)
                        values (?, ?, ?, ?, ?)""")
                .params(kind.name(), to, subject, body, OffsetDateTime.now(clock.withZone(ZoneOffset.UTC)))
                .update(generated, "id");
        return generated.getKeyAs(Long.class);
    }

    /** The latest messages, newest first. */
    public List<OutboxMail> latest(int limit) {
        return jdbc.sql("select " + COLUMNS + " from outbox_mail order by id desc fetch first ? rows only")
                .param(limit)
                .query(OutboxMail.class)
                .list();
    }

    /** The latest messages to one recipient, newest first. */
    public List<OutboxMail> to(String recipient) {
        return jdbc.sql("select " + COLUMNS + " from outbox_mail where recipient = ? order by id desc")
                .param(recipient)
                .query(OutboxMail.class)
                .list();
    }
}
