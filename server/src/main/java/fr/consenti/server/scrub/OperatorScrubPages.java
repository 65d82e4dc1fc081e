package fr.consenti.server.scrub;

import fr.consenti.server.accounts.SignedInPerson;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * The registry operator's view of file cleaning: every current subscription with its usage this year, the flags
 * of submissions that looked like enumeration (which the operator clears once explained), and the volume cleaned.
 */
@Controller
final class OperatorScrubPages {

    private final Subscriptions subscriptions;
    private final EnumerationFlags flags;
    private final JdbcClient jdbc;

    OperatorScrubPages(Subscriptions subscriptions, EnumerationFlags flags, JdbcClient jdbc) {
        this.subscriptions = subscriptions;
        this.flags = flags;
        this.jdbc = jdbc;
    }

    /** Jobs by status, for the operator's overview. */
    public record StatusCount(String status, long jobs, long rows) {
    }

    @GetMapping("/operator/scrub")
    String overview(Model model) {
        model.addAttribute("subscriptions", subscriptions.all());
        model.addAttribute("flags", flags.all());
        model.addAttribute("statuses", jdbc.sql("""
                        select status, count(*) as jobs, coalesce(sum(rows_read), 0) as rows_read from scrub_job
                        group by status order by status""")
                .query((rs, n) -> new StatusCount(rs.getString("status"), rs.getLong("jobs"), rs.getLong("rows_read")))
                .list());
        return "operator-scrub";
    }

    @PostMapping("/operator/scrub/flags/{id}/clear")
    String clear(@AuthenticationPrincipal SignedInPerson person, @PathVariable long id) {
        flags.clear(id, "person:" + person.personId());
        return "redirect:/operator/scrub";
    }
}
