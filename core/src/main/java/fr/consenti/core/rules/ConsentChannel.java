package fr.consenti.core.rules;

/** How a consent was collected (RULES.md §3); an outbound call cannot lift an objection (§4). */
public enum ConsentChannel {
    WEB_FORM,
    PAPER,
    IN_PERSON,
    INBOUND_CALL,
    OUTBOUND_CALL
}
