package dev.cpotoolkit.toymt;

import java.util.SplittableRandom;

/**
 * Samples clauses: a subject and an object noun phrase (definite or not,
 * singular or plural, with an adjective half the time), a verb, and an adverb
 * three times in ten. Every draw comes from the caller's random source, in a
 * fixed order, so one seed gives one corpus.
 */
final class Grammar {

    private static final double ADJECTIVE_RATE = 0.5;
    private static final double ADVERB_RATE = 0.3;

    private Grammar() {}

    /** One random clause. */
    static Clause sample(SplittableRandom random) {
        Clause.NounPhrase subject = nounPhrase(random);
        int verb = random.nextInt(Lexicon.VERBS.size());
        Clause.NounPhrase object = nounPhrase(random);
        int adverb = random.nextDouble() < ADVERB_RATE ? random.nextInt(Lexicon.ADVERBS.size()) : -1;
        return new Clause(subject, verb, object, adverb);
    }

    private static Clause.NounPhrase nounPhrase(SplittableRandom random) {
        boolean definite = random.nextBoolean();
        int noun = random.nextInt(Lexicon.NOUNS.size());
        GrammaticalNumber number = random.nextBoolean() ? GrammaticalNumber.PLURAL : GrammaticalNumber.SINGULAR;
        int adjective = random.nextDouble() < ADJECTIVE_RATE ? random.nextInt(Lexicon.ADJECTIVES.size()) : -1;
        return new Clause.NounPhrase(definite, noun, number, adjective);
    }
}
