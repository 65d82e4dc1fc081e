package fr.consenti.server.registry;

import fr.consenti.core.number.FrenchNumber;
import fr.consenti.core.number.NumberError;
import fr.consenti.core.number.NumberParser;
import fr.consenti.core.rules.OppositionRegistration;
import fr.consenti.server.accounts.People;
import fr.consenti.server.accounts.Person;
import fr.consenti.server.accounts.PhoneCodes;
import fr.consenti.server.audit.AuditLog;
import fr.consenti.server.consent.ConsentWithdrawals;
import fr.consenti.server.platform.ChangeFeed;
import fr.consenti.server.platform.FeedChange;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A consumer's registrations on the opposition list (RULES.md §8): prove each number with a one-time code, confirm,
 * get a receipt; see, remove, unregister. Every change writes the list ({@code opposition_entry}) and its change-feed
 * row in one transaction, with the receipt's mail in the outbox and the audit event.
 */
@Component
final class Registry {

    /** The channel the consent ledger records for a withdrawal made by registering the number. */
    static final String WITHDRAWAL_CHANNEL = "REGISTRY";

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final RegistryPolicy policy;
    private final PhoneCodes codes;
    private final ConsentWithdrawals consents;
    private final ChangeFeed feed;
    private final AuditLog audit;
    private final People people;
    private final RegistryMails mails;
    private final RegistryReceipts receipts;

    Registry(JdbcClient jdbc, TransactionTemplate transactions, Clock clock, RegistryPolicy policy, PhoneCodes codes,
             ConsentWithdrawals consents, ChangeFeed feed, AuditLog audit, People people, RegistryMails mails,
             RegistryReceipts receipts) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
        this.policy = policy;
        this.codes = codes;
        this.consents = consents;
        this.feed = feed;
        this.audit = audit;
        this.people = people;
        this.mails = mails;
        this.receipts = receipts;
    }

    RegistryPolicy policy() {
        return policy;
    }

    /** A number the consumer holds on the list. */
    record Held(long id, String e164, Instant registeredAt, Instant effectiveFrom, Instant termEnd, long receiptId) {

        public String national() {
            return RegistryFormat.national(e164);
        }

        public boolean effectiveAt(Instant now) {
            return !now.isBefore(effectiveFrom) && now.isBefore(termEnd);
        }
    }

    /** A number proved by a code, waiting for the confirmation; the consents its registration would withdraw. */
    /**
     * A number proved and waiting to be registered. {@code imported}: it is on the list already through the operator's
     * import of the former registry, and registering takes it over at once, without a gap.
     */
    record Pending(String e164, int nsn, Instant provedAt, int consentsToWithdraw, boolean imported) {

        public String national() {
            return RegistryFormat.national(e164);
        }
    }

    /** What confirming now would do: the numbers, their dates, the consents withdrawn. */
    record Preview(List<Pending> numbers, Instant registeredAt, Instant effectiveFrom, Instant termEnd,
                   boolean withdrawsConsents, int consentsToWithdraw) {
    }

    /** A registration done: its receipt and what it did. */
    /**
     * A registration done. {@code effectiveFrom} and {@code termEnd} are those of the numbers newly put on the list;
     * {@code takenOver} are the numbers that were on it through the operator's import, effective at once.
     */
    record Registration(long receiptId, List<String> numbers, Instant registeredAt, Instant effectiveFrom,
                        Instant termEnd, int consentsWithdrawn, List<String> takenOver) {
    }

    /**
     * Parses a number a consumer wants to register: mobile and fixed lines only (geographic 01–05, non-geographic
     * 09 box lines, overseas ranges); special-rate, machine-to-machine and short numbers are refused.
     */
    static FrenchNumber registrable(String field, String input) {
        if (input == null || input.isBlank()) {
            throw RegistryRefusal.invalid("NUMBER_REQUIRED", field, "A phone number is required.");
        }
        return switch (NumberParser.parse(input.strip())) {
            case NumberError error -> throw RegistryRefusal.invalid("NUMBER_INVALID", field,
                    "Not a French phone number: " + error.message(), error.message());
            case FrenchNumber number -> switch (number.kind()) {
                case MOBILE, GEOGRAPHIC, VOIP -> number;
                default -> throw RegistryRefusal.invalid("NUMBER_NOT_REGISTRABLE", field,
                        "Only mobile and fixed lines can be registered; " + number.national() + " is a "
                                + number.kind() + " number.", number.national());
            };
        };
    }

    /** Sends a one-time code to the number, after checking it may be added to this consumer's numbers. */
    FrenchNumber requestCode(long personId, String input) {
        FrenchNumber number = registrable("number", input);
        transactions.executeWithoutResult(status -> {
            if (holder(number.nsn()).filter(holder -> holder == personId).isPresent()) {
                throw RegistryRefusal.conflict("ALREADY_REGISTERED", "number",
                        number.national() + " is already registered in your account.", number.national());
            }
            int held = held(personId).size();
            long pendingOthers = pending(personId).stream().filter(p -> p.nsn() != number.nsn()).count();
            if (held + pendingOthers >= policy.maxNumbersPerConsumer()) {
                throw tooMany();
            }
            codes.send(personId, number.e164());
        });
        return number;
    }

    /** Checks the code typed for the number; once right, the number waits for the confirmation. */
    Pending prove(long personId, String input, String code) {
        FrenchNumber number = registrable("number", input);
        if (code == null || code.isBlank()) {
            throw RegistryRefusal.invalid("CODE_REQUIRED", "code", "The code received by SMS is required.");
        }
        // Outside any transaction of ours: a wrong try must stay counted when the refusal below is thrown.
        PhoneCodes.Outcome outcome = codes.confirm(personId, number.e164(), code.strip());
        switch (outcome) {
            case CONFIRMED -> { }
            case WRONG -> throw RegistryRefusal.invalid("CODE_WRONG", "code", "The code is not the one sent.");
            case EXPIRED -> throw RegistryRefusal.invalid("CODE_EXPIRED", "code",
                    "The code has expired: ask for a new one.");
            case TOO_MANY_TRIES -> throw RegistryRefusal.invalid("CODE_TOO_MANY_TRIES", "code",
                    "Too many wrong codes: ask for a new one.");
            case NO_CODE -> throw RegistryRefusal.invalid("CODE_NONE", "code",
                    "No code is waiting for this number: ask for one first.");
        }
        Instant now = now();
        transactions.executeWithoutResult(status -> {
            jdbc.sql("delete from registry_proof where person_id = ? and e164 = ?").params(personId, number.e164())
                    .update();
            jdbc.sql("insert into registry_proof (person_id, e164, nsn, proved_at) values (?, ?, ?, ?)")
                    .params(personId, number.e164(), number.nsn(), utc(now)).update();
        });
        return new Pending(number.e164(), number.nsn(), now, consentsToWithdraw(number.nsn(), now),
                onListThroughImport(number.nsn(), now));
    }

    /** The numbers proved and not yet registered, with the consents registering each would withdraw now. */
    List<Pending> pending(long personId) {
        Instant now = now();
        return jdbc.sql("""
                        select p.e164, p.nsn, p.proved_at from registry_proof p
                        where p.person_id = ? and p.proved_at > ?
                          and not exists (select 1 from registry_claim c where c.nsn = p.nsn and c.person_id = p.person_id)
                        order by p.proved_at, p.e164""")
                .params(personId, utc(now.minus(policy.proofValidity())))
                .query((rs, n) -> new Pending(rs.getString(1), rs.getInt(2), instant(rs.getObject(3, OffsetDateTime.class)),
                        consentsToWithdraw(rs.getInt(2), now), onListThroughImport(rs.getInt(2), now)))
                .list();
    }

    private boolean onListThroughImport(int nsn, Instant now) {
        return jdbc.sql("""
                        select count(*) from opposition_entry
                        where nsn = ? and removed_at is null and term_end > ? and source = 'IMPORT'""")
                .params(nsn, utc(now)).query(Long.class).single() > 0;
    }

    Preview preview(long personId) {
        Instant now = now();
        List<Pending> pending = pending(personId);
        Instant effective = policy.effectiveFrom(now);
        return new Preview(pending, now, effective, policy.termEnd(effective), policy.withdrawsConsentsAt(now),
                pending.stream().mapToInt(Pending::consentsToWithdraw).sum());
    }

    private int consentsToWithdraw(int nsn, Instant at) {
        return policy.withdrawsConsentsAt(at) ? consents.countActiveFor(nsn, at) : 0;
    }

    /**
     * Registers the proved numbers ({@code chosen}, or all of them when empty) in one transaction. When registering
     * withdraws consents, {@code acknowledgedConsents} must be the count the consumer was shown: if it differs (a
     * consent was given meanwhile) nothing happens and the consumer is shown the new count.
     */
    Registration register(long personId, List<String> chosen, Integer acknowledgedConsents) {
        return transactions.execute(status -> {
            jdbc.sql("select id from person where id = ? for update").param(personId).query(Long.class).single();
            Instant now = now();
            List<Pending> proved = pending(personId);
            List<Pending> registering = new ArrayList<>();
            if (chosen == null || chosen.isEmpty()) {
                registering.addAll(proved);
            } else {
                Map<String, Pending> byNumber = new LinkedHashMap<>();
                proved.forEach(p -> byNumber.put(p.e164(), p));
                for (int i = 0; i < chosen.size(); i++) {
                    FrenchNumber number = registrable("numbers[" + i + "]", chosen.get(i));
                    Pending pending = byNumber.get(number.e164());
                    if (pending == null) {
                        throw RegistryRefusal.conflict("NOT_PROVED", "numbers[" + i + "]", "Prove " + number.national()
                                + " with the code sent to it before registering it.", number.national());
                    }
                    if (!registering.contains(pending)) {
                        registering.add(pending);
                    }
                }
            }
            if (registering.isEmpty()) {
                throw RegistryRefusal.conflict("NOTHING_TO_REGISTER", "numbers",
                        "No number proved by a code is waiting to be registered.");
            }
            if (held(personId).size() + registering.size() > policy.maxNumbersPerConsumer()) {
                throw tooMany();
            }
            boolean withdraws = policy.withdrawsConsentsAt(now);
            int toWithdraw = registering.stream().mapToInt(Pending::consentsToWithdraw).sum();
            if (toWithdraw > 0 && (acknowledgedConsents == null || acknowledgedConsents != toWithdraw)) {
                throw RegistryRefusal.conflict("CONSENTS_NOT_ACKNOWLEDGED", "consentsToWithdraw",
                        "Registering withdraws " + toWithdraw + " consent(s) held for these numbers: confirm with "
                                + "consentsToWithdraw=" + toWithdraw + ".", toWithdraw);
            }
            Instant effective = policy.effectiveFrom(now);
            Instant termEnd = policy.termEnd(effective);
            long receipt = receipts.open(personId, "REGISTRATION", now);
            int withdrawn = 0;
            List<String> numbers = new ArrayList<>();
            List<String> takenOver = new ArrayList<>();
            for (Pending number : registering) {
                Instant imported = claim(personId, number, now);
                // A number already on the list through the operator's import stays on it without a gap: its
                // registration takes effect at once, and runs at least as long as the imported entry would have.
                Instant from = imported == null ? effective : now;
                Instant until = imported == null ? termEnd : later(policy.termEnd(now), imported);
                if (imported != null) {
                    takenOver.add(number.e164());
                }
                long entry = insertEntry(number.nsn(), now, from, until);
                jdbc.sql("""
                                insert into registry_number (person_id, entry_id, receipt_id, e164, nsn, registered_at,
                                                             effective_from, term_end)
                                values (?, ?, ?, ?, ?, ?, ?, ?)""")
                        .params(personId, entry, receipt, number.e164(), number.nsn(), utc(now), utc(from),
                                utc(until))
                        .update();
                receipts.line(receipt, numbers.size(), number.e164(), now, from, from, until);
                feed.append(new FeedChange.OppositionRegistered(number.nsn(),
                        new OppositionRegistration(now, from, until)));
                if (withdraws) {
                    withdrawn += consents.withdrawAllFor(number.nsn(), now, WITHDRAWAL_CHANNEL);
                }
                jdbc.sql("delete from registry_proof where person_id = ? and e164 = ?")
                        .params(personId, number.e164()).update();
                numbers.add(number.e164());
            }
            receipts.consentsWithdrawn(receipt, withdrawn);
            Person person = people.findById(personId).orElseThrow();
            mails.registered(person.email(), receipts.find(personId, receipt).orElseThrow());
            audit.append("person:" + personId, "OPPOSITION_REGISTERED", "registry_receipt:" + receipt,
                    "numbers=" + numbers.size() + ", consentsWithdrawn=" + withdrawn
                            + ", takenOverFromImport=" + takenOver.size());
            return new Registration(receipt, numbers, now, effective, termEnd, withdrawn, takenOver);
        });
    }

    private RegistryRefusal tooMany() {
        return RegistryRefusal.conflict("TOO_MANY_NUMBERS", "number", "An account registers at most "
                + policy.maxNumbersPerConsumer() + " numbers.", policy.maxNumbersPerConsumer());
    }

    /**
     * Takes the number for this account; refused when another account holds it. A number on the list only through
     * the operator's import of the former registry's snapshot is taken over by the consumer who proved they hold it:
     * its imported entry closes now and the caller opens the consumer's own (returns the imported term end, or null
     * when the number was not on the list).
     */
    private Instant claim(long personId, Pending number, Instant now) {
        Optional<Long> holder = holder(number.nsn());
        if (holder.isPresent()) {
            throw holder.get() == personId
                    ? RegistryRefusal.conflict("ALREADY_REGISTERED", "number", number.national()
                            + " is already registered in your account.", number.national())
                    : onList(number);
        }
        // At most one row per number without removed_at (V31): one whose term ran out is closed at its term end.
        jdbc.sql("update opposition_entry set removed_at = term_end where nsn = ? and removed_at is null and term_end <= ?")
                .params(number.nsn(), utc(now)).update();
        Instant imported = jdbc.sql("""
                        select term_end from opposition_entry
                        where nsn = ? and removed_at is null and term_end > ? and source = 'IMPORT'""")
                .params(number.nsn(), utc(now)).query(OffsetDateTime.class).optional()
                .map(OffsetDateTime::toInstant).orElse(null);
        if (imported != null) {
            jdbc.sql("update opposition_entry set removed_at = ? where nsn = ? and removed_at is null and source = 'IMPORT'")
                    .params(utc(now), number.nsn()).update();
        }
        // Any other running entry without a holder would be a registration whose account is gone: refuse, as before.
        List<Long> open = jdbc.sql("select id from opposition_entry where nsn = ? and removed_at is null and term_end > ?")
                .params(number.nsn(), utc(now)).query(Long.class).list();
        if (!open.isEmpty()) {
            throw onList(number);
        }
        try {
            jdbc.sql("insert into registry_claim (nsn, person_id) values (?, ?)").params(number.nsn(), personId).update();
        } catch (DuplicateKeyException raced) {
            throw onList(number);
        }
        return imported;
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static RegistryRefusal onList(Pending number) {
        return RegistryRefusal.conflict("NUMBER_ON_LIST", "number", number.national()
                + " is already on the opposition list through another registration.", number.national());
    }

    private Optional<Long> holder(int nsn) {
        return jdbc.sql("select person_id from registry_claim where nsn = ?").param(nsn).query(Long.class).optional();
    }

    private long insertEntry(int nsn, Instant registeredAt, Instant effective, Instant termEnd) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("""
                        insert into opposition_entry (nsn, registered_at, effective_from, term_end, source)
                        values (?, ?, ?, ?, 'REGISTRATION')""")
                .params(nsn, utc(registeredAt), utc(effective), utc(termEnd))
                .update(key, "id");
        return key.getKeyAs(Long.class);
    }

    /** The numbers this consumer holds on the list, in the order registered. */
    List<Held> held(long personId) {
        return jdbc.sql("""
                        select id, e164, registered_at, effective_from, term_end, receipt_id from registry_number
                        where person_id = ? and removed_at is null order by registered_at, id""")
                .param(personId)
                .query((rs, n) -> new Held(rs.getLong(1), rs.getString(2), instant(rs.getObject(3, OffsetDateTime.class)),
                        instant(rs.getObject(4, OffsetDateTime.class)), instant(rs.getObject(5, OffsetDateTime.class)),
                        rs.getLong(6)))
                .list();
    }

    /** Takes one number off the list, at once. */
    void remove(long personId, String input) {
        FrenchNumber number = registrable("number", input);
        transactions.executeWithoutResult(status -> {
            Instant now = now();
            if (!removeHeld(personId, number.e164(), now)) {
                throw RegistryRefusal.notFound("number");
            }
            mails.removed(people.findById(personId).orElseThrow().email(), List.of(number.e164()), now);
        });
    }

    /** Takes every number of the consumer off the list, at once; returns how many. */
    int unregister(long personId) {
        return transactions.execute(status -> {
            Instant now = now();
            List<String> numbers = held(personId).stream().map(Held::e164).toList();
            for (String e164 : numbers) {
                removeHeld(personId, e164, now);
            }
            if (!numbers.isEmpty()) {
                mails.removed(people.findById(personId).orElseThrow().email(), numbers, now);
            }
            return numbers.size();
        });
    }

    private boolean removeHeld(long personId, String e164, Instant now) {
        record Row(long id, long entry, int nsn) {
        }
        Optional<Row> row = jdbc.sql("""
                        select id, entry_id, nsn from registry_number
                        where person_id = ? and e164 = ? and removed_at is null for update""")
                .params(personId, e164)
                .query((rs, n) -> new Row(rs.getLong(1), rs.getLong(2), rs.getInt(3)))
                .optional();
        if (row.isEmpty()) {
            return false;
        }
        jdbc.sql("update registry_number set removed_at = ? where id = ?").params(utc(now), row.get().id()).update();
        jdbc.sql("update opposition_entry set removed_at = ? where id = ? and removed_at is null")
                .params(utc(now), row.get().entry()).update();
        jdbc.sql("delete from registry_claim where nsn = ? and person_id = ?").params(row.get().nsn(), personId).update();
        feed.append(new FeedChange.OppositionRemoved(row.get().nsn(), now));
        audit.append("person:" + personId, "OPPOSITION_REMOVED", "registry_number:" + row.get().id(), null);
        return true;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }
}
