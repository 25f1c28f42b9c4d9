package dev.cpotoolkit.toymt;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Turns a correct translation into a near miss of a given kind: one local,
 * plausible mistake, so the result is adequate but not right. The choice of
 * which word to break is random; the result always differs from the input.
 */
final class NearMisses {

    private NearMisses() {}

    /**
     * A near miss of {@code correct}.
     *
     * @param kind one of {@link ErrorKind#NEAR_MISSES}
     */
    static List<TargetWord> apply(ErrorKind kind, List<TargetWord> correct, SplittableRandom random) {
        String original = Toylang.text(correct);
        // A few shapes can reproduce the input (swapping two identical phrases); draw again.
        for (int attempt = 0; attempt < 100; attempt++) {
            List<TargetWord> broken = switch (kind) {
                case DROPPED_WORD -> dropWord(correct, random);
                case WRONG_AGREEMENT -> wrongAgreement(correct, random);
                case WRONG_ORDER -> wrongOrder(correct, random);
                case WRONG_WORD -> wrongWord(correct, random);
                default -> throw new IllegalArgumentException("not a near-miss kind: " + kind);
            };
            if (!Toylang.text(broken).equals(original)) {
                return broken;
            }
        }
        throw new IllegalStateException("no " + kind.label() + " near miss of: " + original);
    }

    private static List<TargetWord> dropWord(List<TargetWord> words, SplittableRandom random) {
        List<Integer> droppable = positions(words, TargetWord.Role.ARTICLE, TargetWord.Role.ADJECTIVE,
                TargetWord.Role.ADVERB);
        List<TargetWord> out = new ArrayList<>(words);
        out.remove((int) droppable.get(random.nextInt(droppable.size())));
        return out;
    }

    private static List<TargetWord> wrongAgreement(List<TargetWord> words, SplittableRandom random) {
        List<Integer> agreeing = positions(words, TargetWord.Role.ARTICLE, TargetWord.Role.ADJECTIVE,
                TargetWord.Role.VERB);
        int at = agreeing.get(random.nextInt(agreeing.size()));
        TargetWord word = words.get(at);
        TargetWord wrong;
        if (word.role() == TargetWord.Role.VERB || random.nextBoolean()) {
            wrong = word.inflected(word.gender(), word.number().other());
        } else {
            wrong = word.inflected(word.gender().other(), word.number());
        }
        List<TargetWord> out = new ArrayList<>(words);
        out.set(at, wrong);
        return out;
    }

    private static List<TargetWord> wrongOrder(List<TargetWord> words, SplittableRandom random) {
        List<Integer> adjectives = positions(words, TargetWord.Role.ADJECTIVE);
        int options = adjectives.size() + 2;
        int choice = random.nextInt(options);
        List<TargetWord> out = new ArrayList<>(words);
        if (choice < adjectives.size()) {
            // English habit: the adjective before its noun.
            int at = adjectives.get(choice);
            TargetWord adjective = out.remove(at);
            out.add(at - 1, adjective);
        } else if (choice == adjectives.size()) {
            // English habit: the verb right after the subject phrase (SVO).
            TargetWord verb = out.remove(out.size() - 1);
            out.add(phraseEnd(out, 0), verb);
        } else {
            // Subject and object phrases swapped.
            int split = phraseEnd(out, 0);
            int objectEnd = phraseEnd(out, 1);
            List<TargetWord> swapped = new ArrayList<>(out.subList(split, objectEnd));
            swapped.addAll(out.subList(0, split));
            swapped.addAll(out.subList(objectEnd, out.size()));
            out = swapped;
        }
        return out;
    }

    private static List<TargetWord> wrongWord(List<TargetWord> words, SplittableRandom random) {
        List<Integer> content = positions(words, TargetWord.Role.NOUN, TargetWord.Role.ADJECTIVE,
                TargetWord.Role.VERB, TargetWord.Role.ADVERB);
        int at = content.get(random.nextInt(content.size()));
        TargetWord word = words.get(at);
        int replacement = switch (word.role()) {
            // Keep the gender so that only the word choice is wrong, not the agreement too.
            case NOUN -> sameGenderNoun(word.lemma(), random);
            case ADJECTIVE -> other(word.lemma(), Lexicon.ADJECTIVES.size(), random);
            case VERB -> other(word.lemma(), Lexicon.VERBS.size(), random);
            default -> other(word.lemma(), Lexicon.ADVERBS.size(), random);
        };
        List<TargetWord> out = new ArrayList<>(words);
        out.set(at, word.withLemma(replacement));
        return out;
    }

    private static int sameGenderNoun(int noun, SplittableRandom random) {
        Gender gender = Lexicon.NOUNS.get(noun).gender();
        while (true) {
            int candidate = other(noun, Lexicon.NOUNS.size(), random);
            if (Lexicon.NOUNS.get(candidate).gender() == gender) {
                return candidate;
            }
        }
    }

    private static int other(int lemma, int size, SplittableRandom random) {
        int offset = 1 + random.nextInt(size - 1);
        return (lemma + offset) % size;
    }

    /** Index after the last word of phrase {@code phrase} (0 subject, 1 object). */
    private static int phraseEnd(List<TargetWord> words, int phrase) {
        int end = 0;
        for (int i = 0; i < words.size(); i++) {
            if (words.get(i).phrase() == phrase) {
                end = i + 1;
            }
        }
        return end;
    }

    private static List<Integer> positions(List<TargetWord> words, TargetWord.Role... roles) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            for (TargetWord.Role role : roles) {
                if (words.get(i).role() == role) {
                    out.add(i);
                }
            }
        }
        return out;
    }
}
