/**
 * Hugging Face checkpoints in and out: safetensors reading and writing, and
 * model folders with single or sharded weights.
 *
 * <ul>
 *   <li>{@link dev.cpotoolkit.model.checkpoint.WeightSource}: a model folder's
 *       tensors by Hugging Face name ({@code model.safetensors} or
 *       {@code model.safetensors.index.json} with shards), widened to float32.</li>
 *   <li>{@link dev.cpotoolkit.model.checkpoint.SafetensorsFile}: one safetensors
 *       file, memory-mapped in pieces, any size, BF16/F16 widened in Java.</li>
 *   <li>{@link dev.cpotoolkit.model.checkpoint.SafetensorsWriter} and
 *       {@link dev.cpotoolkit.model.checkpoint.ShardedSafetensorsWriter}:
 *       deterministic, atomic output (F32, or BF16/F16 rounded as PyTorch
 *       rounds) that {@code transformers} loads.</li>
 * </ul>
 *
 * <p>Safetensors is handled here rather than by DJL because DJL's decoder aborts
 * the JVM on BF16 and cannot read files over 2 GiB. Every problem with a file
 * is a {@link dev.cpotoolkit.model.checkpoint.CheckpointException} naming the
 * file and tensor.
 */
package dev.cpotoolkit.model.checkpoint;
