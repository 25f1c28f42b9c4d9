/**
 * Looking inside a preference pair: {@link dev.cpotoolkit.inspect.TokenLogProbs}
 * gives the log-probability of every answer token under a model, with the
 * tokens decoded one by one, for per-token tables and charts.
 */
package dev.cpotoolkit.inspect;
