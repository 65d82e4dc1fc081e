package fr.consenti.server.accounts;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * The professional's delegations, for the people acting for it: grant one to a call centre, list them with their
 * status, revoke one, and issue an API key scoped to one (shown once). Another professional's delegation is answered
 * as not found. Keys of a delegation are issued here, by the professional, and never by the call centre: the company
 * answerable for every call made in its name (RULES.md §1) decides which credentials act for it, sees each on its
 * API keys page, and can end them one by one or all at once by revoking the delegation.
 */
@Controller
final class ProDelegationsController {

    private static final ZoneId FRANCE = ZoneId.of("Europe/Paris");

    private final Delegations delegations;
    private final CallCentres callCentres;
    private final ApiKeys keys;
    private final Clock clock;

    ProDelegationsController(Delegations delegations, CallCentres callCentres, ApiKeys keys, Clock clock) {
        this.delegations = delegations;
        this.callCentres = callCentres;
        this.keys = keys;
        this.clock = clock;
    }

    @GetMapping("/pro/delegations")
    String list(@AuthenticationPrincipal SignedInPerson person, Model model) {
        model.addAttribute("delegations", delegations.ofProfessional(person.professionalId()));
        model.addAttribute("now", clock.instant());
        return "pro-delegations";
    }

    @PostMapping("/pro/delegations")
    String grant(@AuthenticationPrincipal SignedInPerson person, @RequestParam(defaultValue = "") String callCentreSiren,
                 @RequestParam(defaultValue = "") String purposes, @RequestParam(defaultValue = "") String validUntil,
                 Model model) {
        List<String> codes = Arrays.stream(purposes.split("[,\\s]+")).filter(code -> !code.isBlank()).toList();
        String until = validUntil.isBlank() ? null
                : LocalDate.parse(validUntil.strip()).plusDays(1).atStartOfDay(FRANCE).toOffsetDateTime().toString();
        try {
            delegations.grant(person.professionalId(), new Delegations.Grant(callCentreSiren, codes,
                    codes.isEmpty(), null, until), "person:" + person.personId());
        } catch (ErrorResponseException refused) {
            model.addAttribute("errors", refused.getBody().getProperties() == null ? List.of()
                    : refused.getBody().getProperties().get("errors"));
            String siren = callCentreSiren.replaceAll("\\s", "");
            // Well formed but nobody registered it: say who can, not only that it is unknown.
            model.addAttribute("unregistered", Siren.isValid(siren) && callCentres.findBySiren(new Siren(siren)).isEmpty());
            model.addAttribute("callCentreSiren", callCentreSiren);
            model.addAttribute("purposes", purposes);
            return list(person, model);
        }
        return "redirect:/pro/delegations";
    }

    @PostMapping("/pro/delegations/{id}/revoke")
    String revoke(@AuthenticationPrincipal SignedInPerson person, @PathVariable long id) {
        if (!delegations.revoke(person.professionalId(), id, "person:" + person.personId())) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        return "redirect:/pro/delegations";
    }

    @PostMapping("/pro/delegations/{id}/keys")
    String issueKey(@AuthenticationPrincipal SignedInPerson person, @PathVariable long id, Model model) {
        Delegation delegation = delegations.find(id).filter(d -> d.professionalId() == person.professionalId())
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        if (!delegation.activeAt(clock.instant()) && delegation.revokedAt() != null) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "revoked delegation");
        }
        IssuedApiKey issued = keys.issueForDelegation(delegation, "delegation " + id + " - "
                + delegation.callCentreName(), "person:" + person.personId());
        model.addAttribute("issued", issued);
        model.addAttribute("issuedFor", delegation);
        return list(person, model);
    }
}
