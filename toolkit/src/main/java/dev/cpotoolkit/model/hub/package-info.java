/**
 * Downloading Hugging Face Hub model repositories into the standard Hugging
 * Face cache, so a model can be named by its repository id.
 *
 * <p>{@link dev.cpotoolkit.model.hub.HubDownloader} fetches the files a causal
 * LM needs through {@code dev.cpotoolkit.hub} (shared with Hub datasets), laid
 * out exactly as Python's {@code huggingface_hub} does
 * ({@code models--owner--name/blobs}, {@code refs}, {@code snapshots}). It
 * honours {@code HF_HUB_CACHE}, {@code HF_HOME}, {@code HF_ENDPOINT},
 * {@code HF_TOKEN} and {@code HF_HUB_OFFLINE}.
 */
package dev.cpotoolkit.model.hub;
