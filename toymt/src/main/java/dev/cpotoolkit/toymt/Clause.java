package dev.cpotoolkit.toymt;

/**
 * The meaning of one toy sentence, independent of either language: who does
 * what to whom, optionally how. Both the English source and the target
 * translation are rendered from it, so a translation is correct exactly when
 * it renders the same clause.
 *
 * @param subject the doer
 * @param verb    index into {@link Lexicon#VERBS}
 * @param object  the thing done to
 * @param adverb  index into {@link Lexicon#ADVERBS}, or -1 for none
 */
record Clause(NounPhrase subject, int verb, NounPhrase object, int adverb) {

    /**
     * A determiner, a noun and at most one adjective.
     *
     * @param definite  "the" (else "a" / "some")
     * @param noun      index into {@link Lexicon#NOUNS}
     * @param number    singular or plural
     * @param adjective index into {@link Lexicon#ADJECTIVES}, or -1 for none
     */
    record NounPhrase(boolean definite, int noun, GrammaticalNumber number, int adjective) {

        /** The target gender, which is the noun's. */
        Gender gender() {
            return Lexicon.NOUNS.get(noun).gender();
        }

        /** Whether an adjective is present. */
        boolean hasAdjective() {
            return adjective >= 0;
        }
    }

    /** Whether an adverb is present. */
    boolean hasAdverb() {
        return adverb >= 0;
    }
}
