/**
 * Preference losses: the part of CPO that turns per-example sequence log-probs
 * of the chosen and rejected answers into per-example losses and rewards.
 *
 * <p>Each TRL variant is one small class ({@link dev.cpotoolkit.loss.SigmoidLoss},
 * {@link dev.cpotoolkit.loss.HingeLoss}, {@link dev.cpotoolkit.loss.IpoLoss},
 * {@link dev.cpotoolkit.loss.SimPoLoss}); {@link dev.cpotoolkit.loss.LossType}
 * names them as TRL does, and a new variant is a lambda implementing
 * {@link dev.cpotoolkit.loss.PreferenceLoss}. The NLL term weighted by
 * {@code cpo_alpha} is added by the trainer, not here, because it needs the
 * token-level logits.
 *
 * <p>Everything here runs inside autograd. Constants therefore enter as
 * NDArrays made by {@link dev.cpotoolkit.loss.LogProbPair#constant(double)},
 * never as Java numbers (see the DJL notes: a Java number passed to an NDArray
 * operation can corrupt gradients on CPU).
 */
package dev.cpotoolkit.loss;
