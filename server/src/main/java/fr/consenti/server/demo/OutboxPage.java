package fr.consenti.server.demo;

import fr.consenti.server.outbox.Outbox;
import java.util.regex.Pattern;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The demo's outbox: every mail and SMS the platform produced, newest first, with their links, so that a newcomer
 * without an SMTP server can follow a verification link or read a code. Exists only with consenti.demo.enabled:
 * it shows other people's mail.
 */
@Controller
@ConditionalOnBooleanProperty("consenti.demo.enabled")
final class OutboxPage {

    static final int SHOWN = 100;
    static final Pattern LINK = Pattern.compile("https?://\\S+");

    private final Outbox outbox;

    OutboxPage(Outbox outbox) {
        this.outbox = outbox;
    }

    @GetMapping("/demo/outbox")
    String outbox(Model model) {
        model.addAttribute("mails", outbox.latest(SHOWN).stream()
                .map(mail -> new Shown(mail, LINK.matcher(mail.body()).results().map(m -> m.group()).toList()))
                .toList());
        model.addAttribute("demoPeople", DemoData.PEOPLE.stream()
                .map(p -> java.util.Map.of("email", p.email(), "role", p.role().name())).toList());
        model.addAttribute("demoPassword", DemoData.PASSWORD);
        return "demo-outbox";
    }

    record Shown(fr.consenti.server.outbox.OutboxMail mail, java.util.List<String> links) {
    }
}
