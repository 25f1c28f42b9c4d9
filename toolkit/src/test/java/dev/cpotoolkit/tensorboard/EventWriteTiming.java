package dev.cpotoolkit.tensorboard;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What TensorBoard logging costs a run: 10,000 log rows of the 13 scalars a
 * CPO training row has, flushed once per row as the trainer does, three rounds
 * (the first includes JIT warm-up). Not a test; run it by hand after
 * {@code mvn -o -q -pl toolkit test-compile}:
 * {@code java -cp toolkit/target/classes:toolkit/target/test-classes dev.cpotoolkit.tensorboard.EventWriteTiming}.
 */
public final class EventWriteTiming {

    private static final String[] TAGS = {"train/loss", "train/nll_loss", "train/rewards/chosen",
            "train/rewards/rejected", "train/rewards/accuracies", "train/rewards/margins", "train/logps/chosen",
            "train/logps/rejected", "train/logits/chosen", "train/logits/rejected", "train/learning_rate",
            "train/grad_norm", "train/epoch"};

    private EventWriteTiming() {
    }

    /** Prints the time per row and the file size of each round. */
    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("event-write-timing");
        int rows = 10_000;
        for (int round = 0; round < 3; round++) {
            long start = System.nanoTime();
            EventFileWriter writer = EventFileWriter.create(dir.resolve("round-" + round));
            for (int step = 1; step <= rows; step++) {
                for (String tag : TAGS) {
                    writer.scalar(tag, step * 0.001f, step);
                }
                writer.flush();
            }
            writer.close();
            double micros = (System.nanoTime() - start) / 1e3;
            System.out.printf("round %d: %d rows x %d scalars: %.0f ms, %.1f us per row, %d bytes%n", round, rows,
                    TAGS.length, micros / 1e3, micros / rows, Files.size(writer.file()));
        }
    }
}
