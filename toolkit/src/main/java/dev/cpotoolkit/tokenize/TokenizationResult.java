package dev.cpotoolkit.tokenize;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The tokenized examples of a data set, plus the ones left out (only with {@code skipTooLong}).
 *
 * @param pairs   tokenized examples in input order; each keeps its original index
 * @param skipped examples left out, in input order, each with its reason and lengths
 */
public record TokenizationResult(List<TokenizedPair> pairs, List<SkippedExample> skipped) {

    /** Copies both lists so the result is immutable. */
    public TokenizationResult {
        pairs = List.copyOf(pairs);
        skipped = List.copyOf(skipped);
    }

    /** How many kept examples had a prompt/answer boundary merge (see {@link TokenizedPair}). */
    public long boundaryMergeCount() {
        return pairs.stream().filter(p -> p.mergedPromptTokens() > 0).count();
    }

    /** How many kept examples lost ids to truncation (see {@link TruncationPolicy}). */
    public long truncatedCount() {
        return pairs.stream().filter(TokenizedPair::truncated).count();
    }

    /** A short multi-line summary: counts, then one line per skipped example. */
    public String report() {
        String head = pairs.size() + " examples tokenized, " + skipped.size() + " skipped, "
                + truncatedCount() + " truncated, " + boundaryMergeCount()
                + " with a prompt/answer boundary merge";
        if (skipped.isEmpty()) {
            return head;
        }
        return head + "\n" + skipped.stream().map(s -> "  skipped: " + s.describe())
                .collect(Collectors.joining("\n"));
    }
}
