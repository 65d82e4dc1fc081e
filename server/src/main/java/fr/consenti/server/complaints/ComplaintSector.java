package fr.consenti.server.complaints;

/**
 * The sector a complaint names (RULES.md §8): the sectors whose canvassing is banned first (§7), the ones most
 * complained about, and the activities that were exempt from the opposition list (§2).
 */
enum ComplaintSector {
    ENERGY_RENOVATION,
    AGEING_ADAPTATION,
    CPF_TRAINING,
    ENERGY_SUPPLY,
    TELECOMMUNICATIONS,
    INSURANCE,
    BANKING_CREDIT,
    HOME_IMPROVEMENT,
    PRESS,
    POLLING,
    NON_PROFIT,
    OTHER
}
