package fr.consenti.server.accounts;

/**
 * What a person signed in on the pages acts as (RULES.md §1). A person has one role; a PROFESSIONAL or
 * CALL_CENTRE person also names the company they act for. Machines (API keys) are not people and have no role.
 */
public enum Role {
    /** A natural person acting outside any trade: manages their own consents and numbers. */
    CONSUMER,
    /** A person acting for a professional (a company with a SIREN). */
    PROFESSIONAL,
    /** A person acting for a call centre, within the delegations professionals granted it. */
    CALL_CENTRE,
    /** Staff of the registry operator. */
    OPERATOR,
    /** An agent of an authority (DGCCRF, CNIL). */
    AUTHORITY;

    /** The Spring Security authority of this role, as {@code hasRole(...)} expects it. */
    public String authority() {
        return "ROLE_" + name();
    }
}
