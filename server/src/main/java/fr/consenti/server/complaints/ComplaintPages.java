package fr.consenti.server.complaints;

import fr.consenti.server.accounts.SignedInPerson;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.server.ResponseStatusException;

/**
 * The complaint pages: the consumer's form and list ({@code /complaints}), and the authority's queue
 * ({@code /authority/complaints}), every read of which is audited.
 */
@Controller
final class ComplaintPages {

    private final Complaints complaints;
    private final Clock clock;

    ComplaintPages(Complaints complaints, Clock clock) {
        this.complaints = complaints;
        this.clock = clock;
    }

    @ModelAttribute("sectors")
    List<String> sectors() {
        return java.util.Arrays.stream(ComplaintSector.values()).map(Enum::name).toList();
    }

    /** The two-hour slots: first hour → label ("10:00–12:00"). */
    @ModelAttribute("slots")
    Map<String, String> slots() {
        Map<String, String> slots = new java.util.LinkedHashMap<>();
        for (int hour : Complaints.SLOTS) {
            slots.put(Integer.toString(hour), String.format("%02d:00–%02d:00", hour, hour + 2));
        }
        return slots;
    }

    @GetMapping("/complaints")
    String mine(@AuthenticationPrincipal SignedInPerson me, Model model) {
        model.addAttribute("complaints", complaints.of(me.personId()));
        return "complaints";
    }

    @GetMapping("/complaints/new")
    String form(Model model) {
        model.addAttribute("form", new Complaints.Form(null, null, null, null, null, null, null));
        model.addAttribute("errors", Map.of());
        model.addAttribute("today", LocalDate.now(clock.withZone(Complaints.FRANCE)));
        return "complaint-form";
    }

    @PostMapping("/complaints")
    String file(@AuthenticationPrincipal SignedInPerson me, Complaints.Form form, Model model) {
        Complaints.Filed filed = complaints.file(me.personId(), form);
        if (!filed.errors().isEmpty()) {
            model.addAttribute("form", form);
            model.addAttribute("errors", filed.errors());
            model.addAttribute("today", LocalDate.now(clock.withZone(Complaints.FRANCE)));
            return "complaint-form";
        }
        return "redirect:/complaints?filed=" + filed.complaint().id();
    }

    @GetMapping("/authority/complaints")
    String queue(@AuthenticationPrincipal SignedInPerson agent, Model model) {
        model.addAttribute("complaints", complaints.queue(agent.personId()));
        return "authority-complaints";
    }

    @GetMapping("/authority/complaints/{id}")
    String read(@AuthenticationPrincipal SignedInPerson agent, @PathVariable long id, Model model) {
        model.addAttribute("complaint", complaints.read(agent.personId(), id)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND)));
        return "authority-complaint";
    }
}
