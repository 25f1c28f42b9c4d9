package dev.cpotoolkit.toymt;

/** Singular or plural; nouns inflect for it, articles, adjectives and verbs agree with it. */
enum GrammaticalNumber {
    /** One. */
    SINGULAR,
    /** More than one. */
    PLURAL;

    /** The other number (for wrong-agreement near misses). */
    GrammaticalNumber other() {
        return this == SINGULAR ? PLURAL : SINGULAR;
    }
}
