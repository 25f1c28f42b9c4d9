/**
 * The {@code cpo} command line (picocli): {@link dev.cpotoolkit.cli.CpoCommand}
 * with {@code train}, {@code evaluate} and {@code generate}. Every
 * {@link dev.cpotoolkit.train.CPOConfig} field is a kebab-case flag generated
 * from the record, layered over the defaults and a {@code --config} file.
 * Errors are one line and exit code 2 for bad input, 1 for other failures.
 */
package dev.cpotoolkit.cli;
