/**
 * The in-memory screening indexes a node checks calls against: {@link fr.consenti.core.index.ScreeningIndex} holds
 * the opposition list, objections, consents, recent attempts, refusals and agreed slots, is built in bulk at start
 * by its {@link fr.consenti.core.index.ScreeningIndex.Builder} and kept current by
 * {@link fr.consenti.core.index.ChangeEvent}s from the database's change feed (one writer), while any number of
 * threads read {@link fr.consenti.core.rules.Facts} from it without locks. Pure: no I/O, no clock reads.
 */
package fr.consenti.core.index;
