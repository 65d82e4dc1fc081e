package fr.consenti.core.number;

/** What parsing one input gives: a {@link FrenchNumber}, or a {@link NumberError} saying why not. */
public sealed interface ParseOutcome permits FrenchNumber, NumberError {
}
