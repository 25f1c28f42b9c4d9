package dev.cpotoolkit.train.optim;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WeightDecayRuleTest {

    private final WeightDecayRule rule = WeightDecayRule.huggingFace();

    @Test
    void exemptsBiasesAndNormalizationWeights() {
        for (String name : List.of(
                "transformer.h.0.attn.c_attn.bias",
                "transformer.h.0.ln_1.weight",
                "transformer.h.0.ln_2.bias",
                "transformer.ln_f.weight",
                "model.layers.0.input_layernorm.weight",
                "model.layers.0.post_attention_layernorm.weight",
                "model.norm.weight",
                "bert.embeddings.LayerNorm.weight",
                "encoder.layer_norm.weight",
                "bias")) {
            assertFalse(rule.decays(name), name);
        }
    }

    @Test
    void decaysMatricesAndEmbeddings() {
        for (String name : List.of(
                "transformer.wte.weight",
                "transformer.wpe.weight",
                "transformer.h.0.attn.c_attn.weight",
                "transformer.h.0.mlp.c_proj.weight",
                "model.embed_tokens.weight",
                "model.layers.0.self_attn.q_proj.weight",
                "lm_head.weight",
                "model.layers.0.mlp.biasless.weight")) {
            assertTrue(rule.decays(name), name);
        }
    }

    @Test
    void allAndNoneAreConstant() {
        assertTrue(WeightDecayRule.all().decays("x.bias"));
        assertFalse(WeightDecayRule.none().decays("x.weight"));
    }
}
