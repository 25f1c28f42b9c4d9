/**
 * The optimisation step of the trainer, following Hugging Face's
 * {@code Trainer} numerically: {@link dev.cpotoolkit.train.optim.AdamW}
 * (PyTorch's AdamW with Hugging Face's decay groups, updated in place),
 * {@link dev.cpotoolkit.train.optim.GradientClipping} (global-norm clipping)
 * and {@link dev.cpotoolkit.train.optim.LearningRateSchedule} (Hugging Face's
 * schedules).
 *
 * <p>A trainer's optimizer step is, in order: accumulate gradients over the
 * micro-batches, {@code GradientClipping.measure(...)} (the global norm and the
 * clipping factor), then {@code adamW.step(schedule.at(adamW.stepCount()), norm.scale())},
 * which applies the factor inside its update (libtorch's fused AdamW) and frees
 * the gradients for the next step, as PyTorch's {@code zero_grad(set_to_none=True)}.
 * ({@code clipGlobalNorm} followed by {@code step(lr)} gives the same update.)
 *
 * <p>Everything here runs outside autograd (autograd is switched off on the
 * calling thread for the duration), so, unlike the loss code, Java numbers
 * would be safe as operands; constants are still device scalars created once,
 * to avoid a temporary per operation. Gradients are read through PyTorch's
 * own handle: DJL's {@code getGradient()} returns a fresh zero array when a
 * gradient is undefined, which cannot be written through.
 */
package dev.cpotoolkit.train.optim;
