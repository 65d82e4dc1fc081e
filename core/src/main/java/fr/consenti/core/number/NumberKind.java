package fr.consenti.core.number;

/** What a French number is used for, as the national numbering plan assigns its range (RULES.md §6). */
public enum NumberKind {
    MOBILE,
    GEOGRAPHIC,
    VOIP,
    SPECIAL_RATE,
    M2M,
    SHORT
}
