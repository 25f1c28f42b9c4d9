/**
 * LoRA adapters as PEFT defines them: {@link dev.cpotoolkit.model.lora.LoraConfig}
 * says which modules to adapt and how; the layer itself is
 * {@link dev.cpotoolkit.model.layers.LoraLayer}.
 */
package dev.cpotoolkit.model.lora;
