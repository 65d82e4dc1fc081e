/**
 * The rules engine: {@link fr.consenti.core.rules.RulesEngine#decide} judges a {@link fr.consenti.core.rules.CallRequest}
 * on the {@link fr.consenti.core.rules.Facts} known about the number, by the {@link fr.consenti.core.rules.RuleSet}
 * in force at the call's instant, and returns a {@link fr.consenti.core.rules.Decision} with the codes of RULES.md §12.
 * Pure: no I/O, no clock, no Spring.
 */
package fr.consenti.core.rules;
