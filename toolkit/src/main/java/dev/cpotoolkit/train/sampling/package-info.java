/**
 * Which examples each training step sees: {@link dev.cpotoolkit.train.sampling.EpochSampler}
 * gives a seeded, resumable order of example indices per epoch, in micro-batches.
 */
package dev.cpotoolkit.train.sampling;
