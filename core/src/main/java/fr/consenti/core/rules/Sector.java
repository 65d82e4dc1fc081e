package fr.consenti.core.rules;

import java.time.LocalDate;

/**
 * What a call is about, as far as the rules care: the sectors banned by RULES.md §7 (with the date each ban
 * starts, Europe/Paris) and the activities exempt from the opposition list in the opt-out regime (§2).
 */
public enum Sector {
    /** Energy-saving works and equipment, home renewable energy production. */
    ENERGY_RENOVATION(LocalDate.of(2020, 7, 26), true, false, "C. consom. art. L223-1 (loi 2020-901)"),
    /** Adapting a home to ageing or disability. */
    AGEING_ADAPTATION(LocalDate.of(2025, 7, 2), true, false, "C. consom. art. L223-1 (loi 2025-594)"),
    /** Professional training accounts: banned on every channel, ongoing contract or not. */
    CPF_TRAINING(LocalDate.of(2022, 12, 21), false, false, "C. trav. art. L6323-8-1 (loi 2022-1587)"),
    PRESS(null, false, true, "C. consom. art. L223-5"),
    POLLING(null, false, true, "C. consom. art. L223-1 (hors prospection commerciale)"),
    NON_PROFIT(null, false, true, "C. consom. art. L223-1 (hors prospection commerciale)"),
    OTHER(null, false, false, null);

    private final LocalDate bannedFrom;
    private final boolean contractException;
    private final boolean exemptFromOppositionList;
    private final String legalReference;

    Sector(LocalDate bannedFrom, boolean contractException, boolean exemptFromOppositionList, String legalReference) {
        this.bannedFrom = bannedFrom;
        this.contractException = contractException;
        this.exemptFromOppositionList = exemptFromOppositionList;
        this.legalReference = legalReference;
    }

    /** The first day (Europe/Paris) the ban applies, or null when the sector is not banned. */
    public LocalDate bannedFrom() {
        return bannedFrom;
    }

    /** Whether a call within an ongoing contract escapes the ban (§7: energy and ageing, not CPF). */
    public boolean contractException() {
        return contractException;
    }

    /** Press, polling, non-profit: outside the opposition list, in the opt-out regime only. */
    public boolean exemptFromOppositionList() {
        return exemptFromOppositionList;
    }

    /** The text that bans or exempts this sector, null for {@link #OTHER}. */
    public String legalReference() {
        return legalReference;
    }
}
