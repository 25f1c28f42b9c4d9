package dev.cpotoolkit.loss;

/**
 * Builds TRL's losses from TRL's settings, so that the trainer, the CLI and a
 * notebook all make the same object from the same numbers.
 */
public final class BuiltInLosses {

    private BuiltInLosses() {}

    /**
     * The loss TRL's {@code cpo_loss} computes for these settings.
     *
     * @param type           the loss type; {@link LossType#ALPHAPO} trains as SimPO
     * @param labelSmoothing used by sigmoid and simpo (and so alphapo)
     * @param simpoGamma     SimPO's target margin
     * @param alpha          AlphaPO's reward shape parameter; 0 means plain log-prob rewards,
     *                       and any other value reshapes the rewards of every loss type, as in TRL
     */
    public static PreferenceLoss create(LossType type, double labelSmoothing, double simpoGamma, double alpha) {
        RewardShape shape = RewardShape.alphaPo(alpha);
        return switch (type) {
            case SIGMOID -> new SigmoidLoss(labelSmoothing, shape);
            case HINGE -> new HingeLoss(shape);
            case IPO -> new IpoLoss(shape);
            case SIMPO -> new SimPoLoss(simpoGamma, labelSmoothing, shape);
            case ALPHAPO -> new SimPoLoss(simpoGamma, labelSmoothing, shape).named("alphapo");
        };
    }
}
