package fr.consenti.core.rules;

import java.util.Objects;

/** One reason a call is denied, with the legal reference it rests on and a French and an English message. */
public record Reason(ReasonCode code, String legalReference, String messageFr, String messageEn) {

    public Reason {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(legalReference, "legalReference");
        Objects.requireNonNull(messageFr, "messageFr");
        Objects.requireNonNull(messageEn, "messageEn");
    }

    static Reason of(ReasonCode code) {
        return new Reason(code, code.legalReference(), code.messageFr(), code.messageEn());
    }

    static Reason of(ReasonCode code, String legalReference) {
        return new Reason(code, legalReference, code.messageFr(), code.messageEn());
    }
}
