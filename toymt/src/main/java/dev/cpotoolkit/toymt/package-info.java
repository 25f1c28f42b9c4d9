/**
 * The toy translation benchmark: a seeded generator for a synthetic
 * English-to-"Toylang" translation task ({@link dev.cpotoolkit.toymt.ToyMtGenerator}),
 * its WordLevel tokenizer, and the CPO-versus-SFT comparison
 * ({@link dev.cpotoolkit.toymt.CpoVsSft}) that shows preference optimisation
 * pushing a model past the quality of noisy reference translations.
 *
 * <p>The target language differs from the source in word order (subject, object,
 * adverb, verb; adjectives after nouns) and in agreement (articles and adjectives
 * agree with the noun's gender and number, verbs with the subject's number), so
 * "adequate but imperfect" translations exist in several distinct kinds.
 */
package dev.cpotoolkit.toymt;
