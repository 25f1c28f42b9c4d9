/**
 * Downloading Hugging Face Hub model repositories into the standard Hugging
 * Face cache, so a model can be named by its repository id.
 *
 * <p>{@link dev.cpotoolkit.model.hub.HubDownloader} lists a revision through the
 * Hub API, fetches the files a causal LM needs, and lays them out exactly as
 * Python's {@code huggingface_hub} does ({@code models--owner--name/blobs},
 * {@code refs}, {@code snapshots}), so both share one cache. It honours
 * {@code HF_HUB_CACHE}, {@code HF_HOME}, {@code HF_ENDPOINT}, {@code HF_TOKEN}
 * and {@code HF_HUB_OFFLINE}.
 */
package dev.cpotoolkit.model.hub;
