/**
 * {@code cpo bench}: training throughput of full CPO steps (forward + loss,
 * backward, optimizer) with the time split, peak memory and achieved FLOP/s
 * against the machine's measured matmul rate, optionally alternated A/B with the
 * same step in Python PyTorch eager mode ({@code cpo_step.py}).
 */
package dev.cpotoolkit.bench;
