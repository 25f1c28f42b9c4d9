package dev.cpotoolkit.toymt;

import java.util.Locale;

/**
 * The kinds of imperfect translation in the data set: the four near-miss
 * kinds of the preference data and the two systematic habits of the noisy
 * reference translator. The JSONL files name them in snake case.
 */
public enum ErrorKind {
    /** A correct translation (SFT files only). */
    NONE,
    /** An article, adjective or adverb left out. */
    DROPPED_WORD,
    /** An article, adjective or verb with the wrong gender or number ending. */
    WRONG_AGREEMENT,
    /** English order kept: adjective before its noun, verb after the subject, or subject and object swapped. */
    WRONG_ORDER,
    /** A noun, adjective, verb or adverb replaced by another of its class. */
    WRONG_WORD,
    /** Reference habit: the verb agrees with the nearby object instead of the subject. */
    VERB_ATTRACTION,
    /** Reference habit: an adjective of a feminine plural noun takes the masculine plural ending. */
    FEMININE_PLURAL_ADJECTIVE;

    /** The four kinds of near miss the preference data's rejected answers have. */
    public static final java.util.List<ErrorKind> NEAR_MISSES =
            java.util.List.of(DROPPED_WORD, WRONG_AGREEMENT, WRONG_ORDER, WRONG_WORD);

    /** The name used in the JSONL files, such as {@code wrong_order}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
