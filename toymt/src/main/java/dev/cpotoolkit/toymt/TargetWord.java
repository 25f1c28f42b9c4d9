package dev.cpotoolkit.toymt;

/**
 * One word of a target sentence with the grammar behind it, so that error
 * injectors can re-inflect or replace it rather than edit strings.
 *
 * @param role   what the word is
 * @param phrase 0 for the subject phrase, 1 for the object phrase, -1 outside them
 * @param lemma  index into the role's lexicon list (articles: 0 definite, 1 indefinite)
 * @param gender the gender it shows (nouns: their own)
 * @param number the number it shows
 */
record TargetWord(Role role, int phrase, int lemma, Gender gender, GrammaticalNumber number) {

    /** Word classes of the target language. */
    enum Role { ARTICLE, NOUN, ADJECTIVE, ADVERB, VERB }

    /** The surface form. */
    String text() {
        return Toylang.form(role, lemma, gender, number);
    }

    /** The same word showing another gender and number. */
    TargetWord inflected(Gender newGender, GrammaticalNumber newNumber) {
        return new TargetWord(role, phrase, lemma, newGender, newNumber);
    }

    /** Another word of the same class with the same inflection. */
    TargetWord withLemma(int newLemma) {
        return new TargetWord(role, phrase, newLemma, gender, number);
    }
}
