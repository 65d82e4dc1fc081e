package fr.consenti.server.registry;

import fr.consenti.server.accounts.SignedInPerson;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * The consumer's pages of the opposition list: the personal space ({@code /registry}) with the numbers and their
 * dates, the receipts and the removal buttons; adding a number (code by SMS, then a confirmation page that says which
 * consents the registration withdraws); the receipts as PDF.
 */
@Controller
final class RegistryPages {

    @org.springframework.web.bind.annotation.ModelAttribute("fmt")
    RegistryFormat format() {
        return RegistryFormat.VIEW;
    }

    private final Registry registry;
    private final RegistryReceipts receipts;
    private final Clock clock;

    RegistryPages(Registry registry, RegistryReceipts receipts, Clock clock) {
        this.registry = registry;
        this.receipts = receipts;
        this.clock = clock;
    }

    @GetMapping("/registry")
    String space(@AuthenticationPrincipal SignedInPerson me, Model model) {
        return space(me, model, null, null);
    }

    private String space(SignedInPerson me, Model model, String number, RegistryRefusal refusal) {
        List<Registry.Held> held = registry.held(me.personId());
        model.addAttribute("held", held);
        model.addAttribute("now", clock.instant());
        model.addAttribute("max", registry.policy().maxNumbersPerConsumer());
        model.addAttribute("full", held.size() >= registry.policy().maxNumbersPerConsumer());
        model.addAttribute("pending", registry.pending(me.personId()));
        model.addAttribute("receipts", receipts.of(me.personId()));
        model.addAttribute("number", number);
        model.addAttribute("errors", refusal == null ? Map.of() : Map.of(refusal.field(), refusal));
        return "registry";
    }

    @PostMapping("/registry/numbers")
    String add(@AuthenticationPrincipal SignedInPerson me, @RequestParam(defaultValue = "") String number,
            Model model) {
        try {
            String e164 = registry.requestCode(me.personId(), number).e164();
            return "redirect:/registry/verify?number=" + java.net.URLEncoder.encode(e164, java.nio.charset.StandardCharsets.UTF_8);
        } catch (RegistryRefusal refusal) {
            model.addAttribute("failed", true);
            return space(me, model, number, refusal);
        }
    }

    @GetMapping("/registry/verify")
    String verifyForm(@RequestParam(defaultValue = "") String number, Model model) {
        model.addAttribute("number", number);
        model.addAttribute("national", RegistryFormat.national(number));
        model.addAttribute("errors", Map.of());
        return "registry-verify";
    }

    @PostMapping("/registry/verify")
    String verify(@AuthenticationPrincipal SignedInPerson me, @RequestParam(defaultValue = "") String number,
            @RequestParam(defaultValue = "") String code, Model model) {
        try {
            registry.prove(me.personId(), number, code);
            return "redirect:/registry/confirm";
        } catch (RegistryRefusal refusal) {
            model.addAttribute("number", number);
            model.addAttribute("national", RegistryFormat.national(number));
            model.addAttribute("errors", Map.of(refusal.field(), refusal));
            return "registry-verify";
        }
    }

    @GetMapping("/registry/confirm")
    String confirmForm(@AuthenticationPrincipal SignedInPerson me, Model model) {
        Registry.Preview preview = registry.preview(me.personId());
        if (preview.numbers().isEmpty()) {
            return "redirect:/registry";
        }
        model.addAttribute("preview", preview);
        model.addAttribute("policy", registry.policy());
        model.addAttribute("errors", Map.of());
        return "registry-confirm";
    }

    @PostMapping("/registry/confirm")
    String confirm(@AuthenticationPrincipal SignedInPerson me,
            @RequestParam(required = false) Integer consentsToWithdraw, Model model) {
        try {
            Registry.Registration done = registry.register(me.personId(), List.of(), consentsToWithdraw);
            return "redirect:/registry?registered=" + done.receiptId();
        } catch (RegistryRefusal refusal) {
            Registry.Preview preview = registry.preview(me.personId());
            if (preview.numbers().isEmpty()) {
                model.addAttribute("failed", true);
                return space(me, model, null, refusal);
            }
            model.addAttribute("preview", preview);
            model.addAttribute("policy", registry.policy());
            model.addAttribute("errors", Map.of(refusal.field(), refusal));
            return "registry-confirm";
        }
    }

    @PostMapping("/registry/numbers/remove")
    String remove(@AuthenticationPrincipal SignedInPerson me, @RequestParam(defaultValue = "") String number,
            Model model) {
        try {
            registry.remove(me.personId(), number);
            return "redirect:/registry?removed";
        } catch (RegistryRefusal refusal) {
            model.addAttribute("failed", true);
            return space(me, model, null, refusal);
        }
    }

    @PostMapping("/registry/unregister")
    String unregister(@AuthenticationPrincipal SignedInPerson me) {
        registry.unregister(me.personId());
        return "redirect:/registry?unregistered";
    }

    @GetMapping("/registry/receipts/{id}.pdf")
    ResponseEntity<byte[]> pdf(@AuthenticationPrincipal SignedInPerson me, @PathVariable long id) {
        RegistryReceipts.Receipt receipt = receipts.find(me.personId(), id)
                .orElseThrow(() -> new ResponseStatusException(org.springframework.http.HttpStatus.NOT_FOUND));
        return pdfResponse(receipt, ReceiptPdf.render(receipt, me.email(), registry.policy()));
    }

    static ResponseEntity<byte[]> pdfResponse(RegistryReceipts.Receipt receipt, byte[] pdf) {
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("recepisse-liste-opposition-" + receipt.id() + ".pdf").build().toString())
                .body(pdf);
    }
}
