package dev.cpotoolkit.toymt;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The reference translator of the SFT data: right most of the time, but with
 * two consistent habits, as real translators have, plus occasional slips.
 *
 * <ul>
 *   <li>When subject and object differ in number, the verb agrees with the
 *       object (which stands next to it in SOV order) {@value #HABIT_RATE} of
 *       the time.</li>
 *   <li>An adjective of a feminine plural noun takes the masculine plural
 *       ending {@value #HABIT_RATE} of the time.</li>
 *   <li>Any other reference carries a random near miss with probability
 *       {@value #SLIP_RATE}.</li>
 * </ul>
 *
 * <p>The habits are why supervised fine-tuning caps out: in their contexts the
 * wrong form is the most frequent one in the references, so a model that
 * imitates the references well reproduces it. Random slips alone would not
 * do that (the correct form stays the most likely at every position).
 */
final class NoisyReferences {

    /** How often a habit fires where its context occurs. */
    static final double HABIT_RATE = 0.6;
    /** How often a reference without a habit error has a random near miss. */
    static final double SLIP_RATE = 0.08;

    private NoisyReferences() {}

    /** A reference translation and the error it carries ({@link ErrorKind#NONE} for a correct one). */
    record Reference(List<TargetWord> words, ErrorKind error) {}

    /** The reference the translator writes for {@code clause}. */
    static Reference translate(Clause clause, SplittableRandom random) {
        List<TargetWord> correct = Toylang.translate(clause);
        if (clause.subject().number() != clause.object().number() && random.nextDouble() < HABIT_RATE) {
            List<TargetWord> out = new ArrayList<>(correct);
            TargetWord verb = out.get(out.size() - 1);
            out.set(out.size() - 1, verb.inflected(verb.gender(), clause.object().number()));
            return new Reference(out, ErrorKind.VERB_ATTRACTION);
        }
        if (hasFemininePluralAdjective(correct) && random.nextDouble() < HABIT_RATE) {
            List<TargetWord> out = new ArrayList<>(correct);
            for (int i = 0; i < out.size(); i++) {
                TargetWord word = out.get(i);
                if (isFemininePluralAdjective(word)) {
                    out.set(i, word.inflected(Gender.MASCULINE, GrammaticalNumber.PLURAL));
                }
            }
            return new Reference(out, ErrorKind.FEMININE_PLURAL_ADJECTIVE);
        }
        if (random.nextDouble() < SLIP_RATE) {
            ErrorKind kind = ErrorKind.NEAR_MISSES.get(random.nextInt(ErrorKind.NEAR_MISSES.size()));
            return new Reference(NearMisses.apply(kind, correct, random), kind);
        }
        return new Reference(correct, ErrorKind.NONE);
    }

    private static boolean hasFemininePluralAdjective(List<TargetWord> words) {
        return words.stream().anyMatch(NoisyReferences::isFemininePluralAdjective);
    }

    private static boolean isFemininePluralAdjective(TargetWord word) {
        return word.role() == TargetWord.Role.ADJECTIVE && word.gender() == Gender.FEMININE
                && word.number() == GrammaticalNumber.PLURAL;
    }
}
