/**
 * Building blocks shared by the architectures: Hugging Face-named DJL blocks
 * ({@link dev.cpotoolkit.model.layers.ModuleBlock}), linear/embedding/norm
 * layers, activations and attention, the per-pass
 * {@link dev.cpotoolkit.model.layers.ForwardContext}, and the
 * {@link dev.cpotoolkit.model.layers.KvCache} of incremental decoding.
 */
package dev.cpotoolkit.model.layers;
