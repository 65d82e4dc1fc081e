package fr.consenti.server.accounts;

import fr.consenti.server.audit.AuditLog;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The staff of a professional or of a call centre, as their colleagues see and manage them: who has access, and the
 * removal of a colleague's access. A company always keeps one person with access: the last one cannot be removed,
 * not even by themselves (nobody could invite anyone into the company again). Removals take turns per company (the
 * company's row is locked), so two colleagues removing each other at once cannot leave it empty.
 */
@Component
final class Teams {

    enum Removal { REMOVED, LAST_ONE }

    private final People people;
    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final TransactionTemplate transactions;

    Teams(People people, JdbcClient jdbc, AuditLog audit, TransactionTemplate transactions) {
        this.people = people;
        this.jdbc = jdbc;
        this.audit = audit;
        this.transactions = transactions;
    }

    /** The colleagues of a PROFESSIONAL or CALL_CENTRE person, themselves included; empty for anyone else. */
    List<Person> of(SignedInPerson person) {
        if (person.role() == Role.PROFESSIONAL && person.professionalId() != null) {
            return people.ofProfessional(person.professionalId());
        }
        if (person.role() == Role.CALL_CENTRE && person.callCentreId() != null) {
            return people.ofCallCentre(person.callCentreId());
        }
        return List.of();
    }

    /**
     * Removes the access of {@code personId}, a person of the same company as {@code by} (another company's person,
     * or an unknown id, is answered as not found). Removing someone whose access is already gone changes nothing.
     */
    Removal remove(SignedInPerson by, long personId) {
        return transactions.execute(status -> {
            boolean professional = by.role() == Role.PROFESSIONAL;
            Long company = professional ? by.professionalId() : by.role() == Role.CALL_CENTRE ? by.callCentreId() : null;
            Person target = people.findById(personId).orElse(null);
            if (company == null || target == null || target.role() != by.role()
                    || !company.equals(professional ? target.professionalId() : target.callCentreId())) {
                throw AccountProblems.of(HttpStatus.NOT_FOUND, "PERSON_NOT_FOUND", "No such colleague.");
            }
            jdbc.sql("select id from " + (professional ? "professional" : "call_centre") + " where id = ? for update")
                    .param(company).query(Long.class).single();
            if (!target.active()) {
                return Removal.REMOVED;
            }
            long active = (professional ? people.ofProfessional(company) : people.ofCallCentre(company)).stream()
                    .filter(Person::active).count();
            if (active <= 1) {
                return Removal.LAST_ONE;
            }
            people.disable(personId);
            audit.append("person:" + by.personId(), "PERSON_ACCESS_REMOVED", "person:" + personId,
                    "role=" + target.role().name() + ", " + (professional ? "professional=" : "callCentre=") + company);
            return Removal.REMOVED;
        });
    }
}
