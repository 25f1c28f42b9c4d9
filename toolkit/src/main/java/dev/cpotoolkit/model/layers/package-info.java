/**
 * Building blocks shared by the architectures: Hugging Face-named DJL blocks
 * ({@link dev.cpotoolkit.model.layers.ModuleBlock}), linear/embedding/norm
 * layers, activations and attention, and the per-pass
 * {@link dev.cpotoolkit.model.layers.ForwardContext}.
 */
package dev.cpotoolkit.model.layers;
