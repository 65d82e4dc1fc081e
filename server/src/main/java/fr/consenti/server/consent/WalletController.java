package fr.consenti.server.consent;

import fr.consenti.core.number.FrenchNumber;
import fr.consenti.core.number.NumberError;
import fr.consenti.core.number.NumberParser;
import fr.consenti.server.accounts.PhoneCodes;
import fr.consenti.server.accounts.SignedInPerson;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The consumer's consent wallet pages (role CONSUMER): prove a number, see and withdraw its consents. */
@Controller
final class WalletController {

    private final Wallet wallet;

    WalletController(Wallet wallet) {
        this.wallet = wallet;
    }

    @GetMapping("/wallet")
    String show(@AuthenticationPrincipal SignedInPerson person, Model model) {
        model.addAttribute("numbers", wallet.numbers(person.personId()));
        model.addAttribute("consents", wallet.consents(person.personId()));
        model.addAttribute("calls", wallet.calls(person.personId()));
        return "wallet";
    }

    @PostMapping("/wallet/numbers")
    String addNumber(@AuthenticationPrincipal SignedInPerson person, @RequestParam(defaultValue = "") String number,
                     Model model, HttpServletResponse response) {
        return switch (NumberParser.parse(number)) {
            case NumberError e -> {
                response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
                model.addAttribute("numberError", true);
                model.addAttribute("typed", number);
                yield show(person, model);
            }
            case FrenchNumber n -> {
                try {
                    wallet.sendCode(person.personId(), n.e164());
                } catch (PhoneCodes.TooManyCodes tooMany) {
                    response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
                    model.addAttribute("numberError", true);
                    model.addAttribute("tooManyCodes", true);
                    model.addAttribute("typed", number);
                    yield show(person, model);
                }
                yield "redirect:/wallet/confirm?number=" + URLEncoder.encode(n.e164(), StandardCharsets.UTF_8);
            }
        };
    }

    @GetMapping("/wallet/confirm")
    String confirmForm(@RequestParam String number, Model model) {
        model.addAttribute("number", number);
        return "wallet-confirm";
    }

    @PostMapping("/wallet/confirm")
    String confirm(@AuthenticationPrincipal SignedInPerson person, @RequestParam String number,
                   @RequestParam(defaultValue = "") String code, Model model, HttpServletResponse response) {
        PhoneCodes.Outcome outcome = wallet.prove(person.personId(), number, code);
        if (outcome == PhoneCodes.Outcome.CONFIRMED) {
            return "redirect:/wallet?proven";
        }
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        model.addAttribute("number", number);
        model.addAttribute("outcome", outcome.name());
        return "wallet-confirm";
    }

    @PostMapping("/wallet/consents/{id}/withdrawal")
    String withdraw(@AuthenticationPrincipal SignedInPerson person, @PathVariable UUID id) {
        wallet.withdraw(person.personId(), id);
        return "redirect:/wallet?withdrawn";
    }

    @GetMapping("/wallet/consents/{id}/receipt.pdf")
    ResponseEntity<byte[]> receipt(@AuthenticationPrincipal SignedInPerson person, @PathVariable UUID id) {
        return pdf(id, wallet.receiptPdf(person.personId(), id));
    }

    static ResponseEntity<byte[]> pdf(UUID id, byte[] document) {
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(ReceiptPdf.filename(id.toString())).build().toString())
                .body(document);
    }
}
