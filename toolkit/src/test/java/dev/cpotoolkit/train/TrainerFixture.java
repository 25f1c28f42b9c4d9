package dev.cpotoolkit.train;

import dev.cpotoolkit.data.PreferenceDataset;
import dev.cpotoolkit.model.CausalLM;
import dev.cpotoolkit.testing.Fixtures;
import dev.cpotoolkit.tokenize.PreferenceTokenizer;

import java.nio.file.Path;

/** A small model, its tokenizer and a dataset, closed together, for trainer tests. */
final class TrainerFixture implements AutoCloseable {

    final CausalLM model;
    final PreferenceTokenizer tokenizer;
    final PreferenceDataset dataset;

    private TrainerFixture(CausalLM model, PreferenceTokenizer tokenizer, PreferenceDataset dataset) {
        this.model = model;
        this.tokenizer = tokenizer;
        this.dataset = dataset;
    }

    /** A model folder (fixture or preset) with the fixtures' eight preference rows. */
    static TrainerFixture of(Path modelFolder) {
        return new TrainerFixture(CausalLM.load(modelFolder), PreferenceTokenizer.load(modelFolder),
                PreferenceDataset.fromExamples(Fixtures.prefs()));
    }

    /** The fixture model {@code name} with the fixtures' eight preference rows. */
    static TrainerFixture fixtureModel(String name) {
        return of(Fixtures.model(name));
    }

    /** A config for quick tests: fixture lengths, a real learning rate, no intermediate saves. */
    static CPOConfig.Builder quickConfig(Path outputDir) {
        return CPOConfig.builder().maxLength(64).maxPromptLength(32).learningRate(1e-3)
                .perDeviceTrainBatchSize(4).perDeviceEvalBatchSize(8).loggingSteps(1).saveSteps(0)
                .outputDir(outputDir.toString());
    }

    CPOTrainer.Builder trainer(CPOConfig config) {
        return CPOTrainer.builder().model(model).tokenizer(tokenizer).config(config).trainDataset(dataset);
    }

    @Override
    public void close() {
        tokenizer.close();
        model.close();
    }
}
