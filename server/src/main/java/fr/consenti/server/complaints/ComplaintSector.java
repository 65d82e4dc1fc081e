package fr.consenti.server.complaints;

/**
 * The sector a complaint names (RULES.md §8): the sectors whose canvassing is banned first (§7), the ones most
 * complained about, and the activities that were exempt from the opposition list (§2). Also the sectors a
 * professional chooses from when signing up (accounts.ProSignUps), with the same labels (sector.*).
 */
public enum ComplaintSector {
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
