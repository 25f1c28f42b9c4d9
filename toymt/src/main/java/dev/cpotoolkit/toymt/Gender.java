package dev.cpotoolkit.toymt;

/** Grammatical gender of a target noun; articles and adjectives agree with it. */
enum Gender {
    /** Masculine: articles lo/un, adjective endings -o/-os. */
    MASCULINE,
    /** Feminine: articles la/una, adjective endings -a/-as. */
    FEMININE;

    /** The other gender (for wrong-agreement near misses). */
    Gender other() {
        return this == MASCULINE ? FEMININE : MASCULINE;
    }
}
