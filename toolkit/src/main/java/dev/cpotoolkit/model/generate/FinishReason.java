package dev.cpotoolkit.model.generate;

/** Why a row stopped generating. */
public enum FinishReason {
    /** The row emitted one of the EOS ids (kept as its last token). */
    EOS,
    /** The row reached {@code maxNewTokens}, or the model's position limit, without an EOS. */
    LENGTH
}
