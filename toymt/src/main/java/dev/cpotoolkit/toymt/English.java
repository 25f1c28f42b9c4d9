package dev.cpotoolkit.toymt;

import java.util.ArrayList;
import java.util.List;

/**
 * Renders a clause as the English-like source: subject, verb, object, adverb
 * (SVO), adjectives before nouns, "the" / "a" / "some", and the verb's
 * third-person "-s" when the subject is singular.
 */
final class English {

    private English() {}

    /** The source sentence, words separated by single spaces. */
    static String render(Clause clause) {
        List<String> words = new ArrayList<>();
        nounPhrase(clause.subject(), words);
        Lexicon.Verb verb = Lexicon.VERBS.get(clause.verb());
        words.add(clause.subject().number() == GrammaticalNumber.SINGULAR ? verb.singular() : verb.plural());
        nounPhrase(clause.object(), words);
        if (clause.hasAdverb()) {
            words.add(Lexicon.ADVERBS.get(clause.adverb()).english());
        }
        return String.join(" ", words);
    }

    private static void nounPhrase(Clause.NounPhrase phrase, List<String> words) {
        boolean plural = phrase.number() == GrammaticalNumber.PLURAL;
        words.add(phrase.definite() ? "the" : plural ? "some" : "a");
        if (phrase.hasAdjective()) {
            words.add(Lexicon.ADJECTIVES.get(phrase.adjective()).english());
        }
        Lexicon.Noun noun = Lexicon.NOUNS.get(phrase.noun());
        words.add(plural ? noun.plural() : noun.singular());
    }

    /** Every word the source side can use, in a fixed order. */
    static List<String> vocabulary() {
        List<String> words = new ArrayList<>(List.of("the", "a", "some"));
        Lexicon.NOUNS.forEach(n -> {
            words.add(n.singular());
            words.add(n.plural());
        });
        Lexicon.ADJECTIVES.forEach(a -> words.add(a.english()));
        Lexicon.VERBS.forEach(v -> {
            words.add(v.singular());
            words.add(v.plural());
        });
        Lexicon.ADVERBS.forEach(a -> words.add(a.english()));
        return words;
    }
}
