package dev.cpotoolkit.toymt;

import java.util.ArrayList;
import java.util.List;

/**
 * The target language, "Toylang": subject, object, adverb, verb (SOV);
 * article, noun, adjective inside a noun phrase; articles and adjective
 * endings agree with the noun's gender and number (lo/la/los/las,
 * un/una/unos/unas; -o/-a/-os/-as); plural nouns add -n; the verb ends in -e
 * for a singular subject and -en for a plural one.
 */
final class Toylang {

    private static final String[][] ARTICLES = {
            // singular masculine, singular feminine, plural masculine, plural feminine
            {"lo", "la", "los", "las"},
            {"un", "una", "unos", "unas"}};
    private static final String[] ADJECTIVE_ENDINGS = {"o", "a", "os", "as"};

    private Toylang() {}

    /** The correct translation of {@code clause}, word by word. */
    static List<TargetWord> translate(Clause clause) {
        List<TargetWord> words = new ArrayList<>();
        nounPhrase(clause.subject(), 0, words);
        nounPhrase(clause.object(), 1, words);
        if (clause.hasAdverb()) {
            words.add(new TargetWord(TargetWord.Role.ADVERB, -1, clause.adverb(), Gender.MASCULINE,
                    GrammaticalNumber.SINGULAR));
        }
        // The verb agrees with the subject in number only; its gender field is unused.
        words.add(new TargetWord(TargetWord.Role.VERB, -1, clause.verb(), Gender.MASCULINE,
                clause.subject().number()));
        return words;
    }

    private static void nounPhrase(Clause.NounPhrase phrase, int index, List<TargetWord> words) {
        Gender gender = phrase.gender();
        GrammaticalNumber number = phrase.number();
        words.add(new TargetWord(TargetWord.Role.ARTICLE, index, phrase.definite() ? 0 : 1, gender, number));
        words.add(new TargetWord(TargetWord.Role.NOUN, index, phrase.noun(), gender, number));
        if (phrase.hasAdjective()) {
            words.add(new TargetWord(TargetWord.Role.ADJECTIVE, index, phrase.adjective(), gender, number));
        }
    }

    /** The surface form of a word. */
    static String form(TargetWord.Role role, int lemma, Gender gender, GrammaticalNumber number) {
        int cell = (number == GrammaticalNumber.PLURAL ? 2 : 0) + (gender == Gender.FEMININE ? 1 : 0);
        boolean plural = number == GrammaticalNumber.PLURAL;
        return switch (role) {
            case ARTICLE -> ARTICLES[lemma][cell];
            case NOUN -> Lexicon.NOUNS.get(lemma).stem() + (plural ? "n" : "");
            case ADJECTIVE -> Lexicon.ADJECTIVES.get(lemma).stem() + ADJECTIVE_ENDINGS[cell];
            case ADVERB -> Lexicon.ADVERBS.get(lemma).target();
            case VERB -> Lexicon.VERBS.get(lemma).stem() + (plural ? "en" : "e");
        };
    }

    /** Words joined by single spaces. */
    static String text(List<TargetWord> words) {
        StringBuilder out = new StringBuilder();
        for (TargetWord word : words) {
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(word.text());
        }
        return out.toString();
    }

    /** Every word the target side can use, in a fixed order. */
    static List<String> vocabulary() {
        List<String> words = new ArrayList<>();
        for (String[] row : ARTICLES) {
            words.addAll(List.of(row));
        }
        for (GrammaticalNumber number : GrammaticalNumber.values()) {
            for (int n = 0; n < Lexicon.NOUNS.size(); n++) {
                words.add(form(TargetWord.Role.NOUN, n, Lexicon.NOUNS.get(n).gender(), number));
            }
        }
        for (int a = 0; a < Lexicon.ADJECTIVES.size(); a++) {
            for (GrammaticalNumber number : GrammaticalNumber.values()) {
                for (Gender gender : Gender.values()) {
                    words.add(form(TargetWord.Role.ADJECTIVE, a, gender, number));
                }
            }
        }
        for (int v = 0; v < Lexicon.VERBS.size(); v++) {
            for (GrammaticalNumber number : GrammaticalNumber.values()) {
                words.add(form(TargetWord.Role.VERB, v, Gender.MASCULINE, number));
            }
        }
        Lexicon.ADVERBS.forEach(a -> words.add(a.target()));
        return words;
    }
}
