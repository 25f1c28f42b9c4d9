package dev.cpotoolkit.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Splits a prompt off answers that include it, with exactly the rule of TRL's
 * {@code extract_prompt}, so datasets without a {@code prompt} column split the same way here as
 * in Python.
 *
 * <p>The rule walks both sequences (characters of strings, messages of conversations) up to the
 * shorter length. At the first position {@code i} where they differ, the prompt ends at {@code i},
 * or at {@code i - 1} when the chosen element before {@code i} is a single space (so the answers
 * keep their leading space). Two Python quirks are kept on purpose:
 * <ul>
 *   <li>If no position differs, the loop variable stays at its last value, so the prompt ends at
 *       {@code min(len) - 1}, not {@code min(len)}: {@code "abc"} vs {@code "abcd"} gives prompt
 *       {@code "ab"}, chosen {@code "c"}, rejected {@code "cd"}.</li>
 *   <li>When the very first element differs, "the element before" is Python's {@code chosen[-1]},
 *       the last one; if that is a space, the split index becomes {@code -1} and Python's negative
 *       slicing applies: prompt = all of chosen but its last character, chosen = its last
 *       character, rejected = rejected's last character.</li>
 * </ul>
 * Strings are compared by Unicode code point, as Python does.
 */
public final class ImplicitPrompt {

    private ImplicitPrompt() {
    }

    /**
     * Splits two texts into prompt, chosen and rejected.
     *
     * @param chosen   the preferred text, prompt included; not empty
     * @param rejected the dispreferred text, prompt included; not empty
     * @return the example TRL's {@code extract_prompt} would produce
     * @throws IllegalArgumentException when either text is empty (Python fails there too)
     */
    public static PreferenceExample extract(String chosen, String rejected) {
        List<Integer> chosenPoints = chosen.codePoints().boxed().toList();
        List<Integer> rejectedPoints = rejected.codePoints().boxed().toList();
        Split<Integer> split = split(chosenPoints, rejectedPoints, point -> point == ' ');
        return new PreferenceExample(text(split.prompt()), text(split.chosen()), text(split.rejected()));
    }

    /**
     * Splits two message lists (or any element lists) into a shared prompt and the two answers.
     * Elements are compared with {@code equals}; no message equals a space, so the space rule never
     * applies to conversations.
     *
     * @param chosen   the preferred sequence; not empty
     * @param rejected the dispreferred sequence; not empty
     * @param <T>      the element type
     * @return the three parts
     */
    static <T> Split<T> split(List<T> chosen, List<T> rejected) {
        return split(chosen, rejected, element -> false);
    }

    private static <T> Split<T> split(List<T> chosen, List<T> rejected, java.util.function.Predicate<T> isSpace) {
        int shorter = Math.min(chosen.size(), rejected.size());
        if (shorter == 0) {
            throw new IllegalArgumentException("cannot extract a prompt from an empty answer");
        }
        int index = shorter - 1; // where Python's loop variable rests when nothing differs
        for (int i = 0; i < shorter; i++) {
            if (!Objects.equals(chosen.get(i), rejected.get(i))) {
                index = i;
                T before = chosen.get(pythonIndex(i - 1, chosen.size()));
                if (isSpace.test(before)) {
                    index--;
                }
                break;
            }
        }
        int chosenCut = pythonIndex(index, chosen.size());
        int rejectedCut = pythonIndex(index, rejected.size());
        return new Split<>(
                new ArrayList<>(chosen.subList(0, chosenCut)),
                new ArrayList<>(chosen.subList(chosenCut, chosen.size())),
                new ArrayList<>(rejected.subList(rejectedCut, rejected.size())));
    }

    /** Python's reading of a possibly negative index into a sequence of this size. */
    private static int pythonIndex(int index, int size) {
        return index < 0 ? Math.max(0, size + index) : Math.min(index, size);
    }

    private static String text(List<Integer> codePoints) {
        StringBuilder text = new StringBuilder(codePoints.size());
        codePoints.forEach(text::appendCodePoint);
        return text.toString();
    }

    /**
     * The three parts of a split sequence.
     *
     * @param prompt   the shared beginning
     * @param chosen   the rest of the chosen sequence
     * @param rejected the rest of the rejected sequence
     * @param <T>      the element type
     */
    record Split<T>(List<T> prompt, List<T> chosen, List<T> rejected) {
    }
}
