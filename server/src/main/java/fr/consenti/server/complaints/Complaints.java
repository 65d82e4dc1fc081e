package fr.consenti.server.complaints;

import fr.consenti.core.number.FrenchNumber;
import fr.consenti.core.number.NumberError;
import fr.consenti.core.number.NumberParser;
import fr.consenti.server.audit.AuditLog;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Complaints (réclamations, RULES.md §8). A complaint names the date, the time slot, the line called, the caller
 * number and the sector; optionally the company and the purpose. A complete one is QUEUED for the authority (DGCCRF);
 * one with a required field left empty is kept as a REPORT (signalement) and says which fields it lacks. A value
 * that is there but wrong (a date to come, a line that is not a French number) is refused, for the consumer to fix.
 */
@Component
final class Complaints {

    static final ZoneId FRANCE = ZoneId.of("Europe/Paris");
    static final List<String> REQUIRED = List.of("callDate", "slot", "lineCalled", "callerNumber", "sector");
    /** Two-hour slots, by their first hour (Paris time): 0, 2, ..., 22. */
    static final List<Integer> SLOTS = List.of(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22);
    private static final Pattern CALLER = Pattern.compile("[+0-9 ().\\-]{3,40}");

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final AuditLog audit;

    Complaints(JdbcClient jdbc, TransactionTemplate transactions, Clock clock, AuditLog audit) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
        this.audit = audit;
    }

    /** The form as typed. */
    record Form(String callDate, String slot, String lineCalled, String callerNumber, String sector, String company,
                String purpose) {
    }

    /** A filed complaint. */
    record Complaint(long id, long personId, String email, Instant filedAt, String status, LocalDate callDate,
                     Integer slotStartHour, String lineCalled, String callerNumber, String callerE164, String sector,
                     String company, String purpose, List<String> missing, Boolean lineRegistered) {

        public boolean queued() {
            return "QUEUED".equals(status);
        }

        public String slot() {
            return slotStartHour == null ? null : String.format("%02d:00–%02d:00", slotStartHour, slotStartHour + 2);
        }
    }

    /** The outcome of filing: the complaint, or the errors (field → message key) to show next to the fields. */
    record Filed(Complaint complaint, Map<String, String> errors) {
    }

    Filed file(long personId, Form form) {
        Map<String, String> errors = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        LocalDate today = LocalDate.now(clock.withZone(FRANCE));

        LocalDate callDate = null;
        if (blank(form.callDate())) {
            missing.add("callDate");
        } else {
            try {
                callDate = LocalDate.parse(form.callDate().strip());
                if (callDate.isAfter(today)) {
                    errors.put("callDate", "complaint.error.future");
                }
            } catch (DateTimeParseException e) {
                errors.put("callDate", "complaint.error.date");
            }
        }
        Integer slot = null;
        if (blank(form.slot())) {
            missing.add("slot");
        } else {
            try {
                slot = Integer.valueOf(form.slot().strip());
            } catch (NumberFormatException e) {
                slot = -1;
            }
            if (!SLOTS.contains(slot)) {
                errors.put("slot", "complaint.error.slot");
            }
        }
        FrenchNumber line = null;
        if (blank(form.lineCalled())) {
            missing.add("lineCalled");
        } else {
            switch (NumberParser.parse(form.lineCalled().strip())) {
                case NumberError e -> errors.put("lineCalled", "complaint.error.line");
                case FrenchNumber n -> line = n;
            }
        }
        String caller = null;
        String callerE164 = null;
        if (blank(form.callerNumber())) {
            missing.add("callerNumber");
        } else {
            caller = form.callerNumber().strip();
            if (!CALLER.matcher(caller).matches()) {
                errors.put("callerNumber", "complaint.error.caller");
            } else if (NumberParser.parse(caller) instanceof FrenchNumber n) {
                callerE164 = n.e164();
            }
        }
        String sector = null;
        if (blank(form.sector())) {
            missing.add("sector");
        } else {
            sector = form.sector().strip();
            try {
                ComplaintSector.valueOf(sector);
            } catch (IllegalArgumentException e) {
                errors.put("sector", "complaint.error.sector");
            }
        }
        String company = blank(form.company()) ? null : form.company().strip();
        if (company != null && company.length() > 200) {
            errors.put("company", "complaint.error.company");
        }
        String purpose = blank(form.purpose()) ? null : form.purpose().strip();
        if (purpose != null && purpose.length() > 1000) {
            errors.put("purpose", "complaint.error.purpose");
        }
        if (!errors.isEmpty()) {
            return new Filed(null, errors);
        }
        String status = missing.isEmpty() ? "QUEUED" : "REPORT";
        Boolean registered = line == null || callDate == null ? null : onListThatDay(line.nsn(), callDate, slot);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String lineE164 = line == null ? null : line.e164();
        String callerStored = caller;
        String callerCanonical = callerE164;
        LocalDate date = callDate;
        Integer startHour = slot;
        String sectorCode = sector;
        long id = transactions.execute(tx -> {
            GeneratedKeyHolder key = new GeneratedKeyHolder();
            jdbc.sql("""
                            insert into complaint (person_id, filed_at, status, call_date, slot_start_hour, line_called,
                                                   caller_number, caller_e164, sector, company, purpose, missing,
                                                   line_registered)
                            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(personId, now.atOffset(ZoneOffset.UTC), status, date, startHour, lineE164, callerStored,
                            callerCanonical, sectorCode, company, purpose, missing.isEmpty() ? null : String.join(",", missing),
                            registered)
                    .update(key, "id");
            long created = key.getKeyAs(Long.class);
            audit.append("person:" + personId, "QUEUED".equals(status) ? "COMPLAINT_QUEUED" : "COMPLAINT_REPORTED",
                    "complaint:" + created, missing.isEmpty() ? null : "missing=" + String.join(",", missing));
            return created;
        });
        return new Filed(find(id).orElseThrow(), Map.of());
    }

    /** Whether the line was on the opposition list and in effect during the call's slot (or its day, slot unknown). */
    private boolean onListThatDay(int nsn, LocalDate date, Integer slot) {
        Instant from = slot == null ? date.atStartOfDay(FRANCE).toInstant() : date.atTime(slot, 0).atZone(FRANCE).toInstant();
        Instant to = slot == null ? date.plusDays(1).atStartOfDay(FRANCE).toInstant()
                : date.atTime(slot, 0).atZone(FRANCE).plusHours(2).toInstant();
        return jdbc.sql("""
                        select count(*) from opposition_entry
                        where nsn = ? and effective_from < ? and term_end > ? and (removed_at is null or removed_at > ?)""")
                .params(nsn, to.atOffset(ZoneOffset.UTC), from.atOffset(ZoneOffset.UTC), from.atOffset(ZoneOffset.UTC))
                .query(Long.class).single() > 0;
    }

    private static final String SELECT = """
            select c.id, c.person_id, p.email, c.filed_at, c.status, c.call_date, c.slot_start_hour, c.line_called,
                   c.caller_number, c.caller_e164, c.sector, c.company, c.purpose, c.missing, c.line_registered
            from complaint c join person p on p.id = c.person_id""";

    Optional<Complaint> find(long id) {
        return jdbc.sql(SELECT + " where c.id = ?").param(id).query(Complaints::map).optional();
    }

    List<Complaint> of(long personId) {
        return jdbc.sql(SELECT + " where c.person_id = ? order by c.filed_at desc, c.id desc").param(personId)
                .query(Complaints::map).list();
    }

    /** The authority's queue, oldest first; the read is audited with the complaints it showed. */
    List<Complaint> queue(long agentId) {
        List<Complaint> queued = jdbc.sql(SELECT + " where c.status = 'QUEUED' order by c.filed_at, c.id")
                .query(Complaints::map).list();
        audit.append("person:" + agentId, "COMPLAINT_QUEUE_READ", "complaints", "shown="
                + String.join(",", queued.stream().map(c -> Long.toString(c.id())).toList()));
        return queued;
    }

    /** One queued complaint as the authority reads it, audited; reports are not sent on, so not shown. */
    Optional<Complaint> read(long agentId, long id) {
        Optional<Complaint> complaint = find(id).filter(Complaint::queued);
        complaint.ifPresent(c -> audit.append("person:" + agentId, "COMPLAINT_READ", "complaint:" + id, null));
        return complaint;
    }

    private static Complaint map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        String missing = rs.getString("missing");
        return new Complaint(rs.getLong("id"), rs.getLong("person_id"), rs.getString("email"),
                rs.getObject("filed_at", OffsetDateTime.class).toInstant(), rs.getString("status"),
                rs.getObject("call_date", LocalDate.class), (Integer) rs.getObject("slot_start_hour"),
                rs.getString("line_called"), rs.getString("caller_number"), rs.getString("caller_e164"),
                rs.getString("sector"), rs.getString("company"), rs.getString("purpose"),
                missing == null ? List.of() : List.of(missing.split(",")), (Boolean) rs.getObject("line_registered"));
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
