/**
 * TensorBoard event files written without TensorFlow: the TFRecord framing
 * ({@link TfRecords}), the few {@code Event} and {@code Summary} protobuf
 * fields scalars need ({@link ScalarEvents}), and {@link EventFileWriter},
 * which puts them in an {@code events.out.tfevents.*} file that TensorBoard
 * and every event-file reader load. A leaf package: it knows nothing of
 * training; {@code dev.cpotoolkit.train.TensorBoardLogger} feeds it.
 */
package dev.cpotoolkit.tensorboard;
