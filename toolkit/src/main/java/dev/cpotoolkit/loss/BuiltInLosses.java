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
     * @param beta           the temperature of the implicit reward (for hinge the reciprocal margin)
     * @param labelSmoothing used by sigmoid and simpo (and so alphapo)
     * @param simpoGamma     SimPO's target margin
     * @param alpha          AlphaPO's reward shape parameter; 0 means plain log-prob rewards,
     *                       and any other value reshapes the rewards of every loss type, as in TRL
     */
    public static PreferenceLoss create(LossType type, double beta, double labelSmoothing, double simpoGamma,
                                        double alpha) {
        RewardShape shape = RewardShape.alphaPo(alpha);
        return switch (type) {
            case SIGMOID -> new SigmoidLoss(beta, labelSmoothing, shape);
            case HINGE -> new HingeLoss(beta, shape);
            case IPO -> new IpoLoss(beta, shape);
            case SIMPO -> new SimPoLoss(beta, simpoGamma, labelSmoothing, shape);
            case ALPHAPO -> new SimPoLoss(beta, simpoGamma, labelSmoothing, shape).named("alphapo");
        };
    }
}
