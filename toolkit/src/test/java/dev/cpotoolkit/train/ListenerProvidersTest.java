package dev.cpotoolkit.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Listeners registered as {@link TrainingListener.Provider} services join every
 * trainer (as the notebook's progress display does), a broken provider is
 * skipped rather than stopping the run, and a trainer can decline them. The
 * two providers of this test are registered in the test resources and stay
 * inert unless {@link Recording#on} is set.
 */
class ListenerProvidersTest {

    @Test
    void discoveredListenersFollowTheRunAndABrokenProviderIsSkipped(@TempDir Path dir) {
        Recording.on = true;
        Recording.events.clear();
        try (TrainerFixture fixture = TrainerFixture.fixtureModel("tiny-gpt2")) {
            CPOConfig config = TrainerFixture.quickConfig(dir).maxSteps(2).build();
            try (CPOTrainer trainer = fixture.trainer(config).build()) {
                trainer.train();
            }
            assertEquals(List.of("begin", "step 1", "step 2", "end"), Recording.events);

            Recording.events.clear();
            try (CPOTrainer declined = fixture.trainer(config.toBuilder().outputDir(dir.resolve("b")).build())
                    .discoveredListeners(false).build()) {
                declined.train();
            }
            assertEquals(List.of(), Recording.events);
        } finally {
            Recording.on = false;
        }
    }

    /** Records what a run tells it, while {@link #on}. */
    public static final class Recording implements TrainingListener.Provider {
        static volatile boolean on;
        static final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public Optional<TrainingListener> listenerForRun() {
            return !on ? Optional.empty() : Optional.of(new TrainingListener() {
                @Override
                public void onTrainBegin(TrainingProgress progress) {
                    events.add("begin");
                }

                @Override
                public void onStepEnd(TrainingProgress progress, java.util.Map<String, Double> metrics) {
                    events.add("step " + progress.step());
                }

                @Override
                public void onTrainEnd(TrainingProgress progress) {
                    events.add("end");
                }
            });
        }
    }

    /** Fails while {@link Recording#on}: a display that cannot start. */
    public static final class Broken implements TrainingListener.Provider {
        @Override
        public Optional<TrainingListener> listenerForRun() {
            if (Recording.on) {
                throw new IllegalStateException("broken on purpose");
            }
            return Optional.empty();
        }
    }
}
