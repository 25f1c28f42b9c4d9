/**
 * Hub datasets: which files make a split ({@link dev.cpotoolkit.data.hub.DataFiles}, as the
 * {@code datasets} library resolves them) and their download into the Hugging Face cache
 * ({@link dev.cpotoolkit.data.hub.HubDatasets}). {@code PreferenceLoader.fromHub} reads them.
 */
package dev.cpotoolkit.data.hub;
