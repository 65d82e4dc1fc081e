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
    private final Canaries canaries;

    OperatorScrubPages(Subscriptions subscriptions, EnumerationFlags flags, JdbcClient jdbc, Canaries canaries) {
        this.subscriptions = subscriptions;
        this.flags = flags;
        this.jdbc = jdbc;
        this.canaries = canaries;
    }

    /** A professional whose canary pattern a leaked file fits: {@code matching} of {@code canaries} agree. */
    public record Suspect(String siren, String name, int canaries, int matching, boolean exact) {
    }

    /**
     * Names the source of a leaked file from the canaries in it: the numbers pasted one per line (any usual form),
     * and whether they are what a cleaning removed (a rebuilt list) or what it kept (a "clean" file).
     */
    @PostMapping("/operator/scrub/leak")
    String leak(@org.springframework.web.bind.annotation.RequestParam(defaultValue = "") String numbers,
                @org.springframework.web.bind.annotation.RequestParam(defaultValue = "KEPT") String kind, Model model) {
        java.util.List<Integer> nsns = new java.util.ArrayList<>();
        for (String line : numbers.split("[\\r\\n]+")) {
            int nsn = fr.consenti.core.number.NumberParser.parseNsn(line.strip());
            if (nsn > 0) {
                nsns.add(nsn);
            }
        }
        Canaries.LeakKind leakKind = "REMOVED".equals(kind) ? Canaries.LeakKind.REMOVED : Canaries.LeakKind.KEPT;
        java.util.List<Suspect> suspects = canaries.attribute(nsns, leakKind).stream().limit(10)
                .map(s -> jdbc.sql("select siren, name from professional where id = ?").param(s.professionalId())
                        .query((rs, n) -> new Suspect(rs.getString("siren"), rs.getString("name"), s.canaries(),
                                s.matching(), s.exact())).single())
                .toList();
        model.addAttribute("leakChecked", true);
        model.addAttribute("suspects", suspects);
        model.addAttribute("leakNumbers", nsns.size());
        return overview(model);
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
