/**
 * The Hugging Face Hub and its local cache, for models and datasets alike.
 *
 * <p>{@link dev.cpotoolkit.hub.HubSnapshots} opens a revision of a repository
 * ({@link dev.cpotoolkit.hub.RepoType#MODEL} or {@link dev.cpotoolkit.hub.RepoType#DATASET})
 * through the Hub API and fetches its files into the cache exactly as Python's
 * {@code huggingface_hub} lays it out ({@code models--owner--name} or
 * {@code datasets--owner--name}, each with {@code blobs}, {@code refs},
 * {@code snapshots}), so both share one cache. It honours {@code HF_HUB_CACHE},
 * {@code HF_HOME}, {@code HF_ENDPOINT}, {@code HF_TOKEN} and
 * {@code HF_HUB_OFFLINE}. This package uses nothing else of the toolkit, so
 * {@code model} (model downloads) and {@code data} (Hub datasets) both build on it.
 */
package dev.cpotoolkit.hub;
