package fr.consenti.server.scrub;

/** A plan: how many numbers and cleanings a subscription allows per subscription year. */
public record Plan(String code, String name, long numbersPerYear, int cleaningsPerYear) {
}
