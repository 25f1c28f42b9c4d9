package dev.cpotoolkit.train;

import ai.djl.ndarray.NDManager;
import dev.cpotoolkit.loss.PreferenceLoss;
import dev.cpotoolkit.model.CausalLM;
import dev.cpotoolkit.tokenize.PreferenceBatch;

import java.util.List;

/**
 * What the trainer minimises on a batch: the CPO objective ({@link CpoObjective})
 * or supervised fine-tuning ({@link SftObjective}). Everything else about a
 * run (optimizer, schedule, accumulation, clipping, logging, checkpoints) is
 * shared, so two runs that differ only in their objective can be compared.
 */
interface TrainingObjective {

    /** The sizes of a single batch (no accumulation). */
    CpoObjective.GroupSize sizeOf(PreferenceBatch batch);

    /** The sizes of several micro-batches accumulated into one update. */
    CpoObjective.GroupSize sizeOf(List<PreferenceBatch> batches);

    /** Runs the model on the batch and builds this batch's share of the group's objective. */
    CpoObjective.Step compute(CausalLM model, PreferenceBatch batch, NDManager manager, CpoObjective.GroupSize group);

    /** The preference loss in use, or null when the objective has none (SFT). */
    PreferenceLoss loss();
}
