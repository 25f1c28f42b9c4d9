package dev.cpotoolkit.toymt;

import dev.cpotoolkit.data.PreferenceDataset;
import dev.cpotoolkit.data.PreferenceExample;

import java.util.List;

/**
 * The generated toy-mt corpus in memory: noisy SFT pairs, preference triplets
 * for training, and dev and test triplets whose chosen answers are the correct
 * translations. No source sentence occurs in two splits.
 *
 * @param sftTrain        (prompt, noisy reference) pairs for supervised fine-tuning
 * @param preferenceTrain (prompt, correct, near miss) triplets for CPO
 * @param dev             held-out triplets for tuning
 * @param test            held-out triplets for the final comparison
 */
public record ToyMtDataset(List<SftRow> sftTrain, List<PreferenceRow> preferenceTrain, List<PreferenceRow> dev,
                           List<PreferenceRow> test) {

    /**
     * One SFT pair.
     *
     * @param prompt     {@code "translate: <source> =>"}
     * @param completion the reference translation, starting with a space; possibly wrong
     * @param error      what is wrong with it, {@link ErrorKind#NONE} if nothing
     */
    public record SftRow(String prompt, String completion, ErrorKind error) {}

    /**
     * One preference triplet.
     *
     * @param prompt   {@code "translate: <source> =>"}
     * @param chosen   the correct translation, starting with a space
     * @param rejected a near miss of it, starting with a space
     * @param kind     the kind of near miss
     */
    public record PreferenceRow(String prompt, String chosen, String rejected, ErrorKind kind) {}

    /**
     * The SFT pairs as a dataset the trainer takes. The trainer's SFT objective
     * reads only prompt and chosen; rejected repeats the reference only because
     * a preference row must have one.
     */
    public PreferenceDataset sftDataset() {
        return sftDataset(sftTrain);
    }

    /** SFT pairs as a trainer dataset (see {@link #sftDataset()}). */
    public static PreferenceDataset sftDataset(List<SftRow> rows) {
        return PreferenceDataset.fromExamples(rows.stream()
                .map(r -> new PreferenceExample(r.prompt(), r.completion(), r.completion())).toList());
    }

    /** Preference triplets as a trainer dataset. */
    public static PreferenceDataset preferenceDataset(List<PreferenceRow> rows) {
        return PreferenceDataset.fromExamples(rows.stream()
                .map(r -> new PreferenceExample(r.prompt(), r.chosen(), r.rejected())).toList());
    }
}
