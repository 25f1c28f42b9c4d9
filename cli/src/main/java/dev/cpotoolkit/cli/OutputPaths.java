package dev.cpotoolkit.cli;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Up-front checks of the paths a command will write, made before any model is
 * loaded or any pair scored, so that a typo in {@code --output} costs a second
 * rather than a whole evaluation or training run. Each failure is a usage error
 * (exit code 2) naming the flag, the path and what is wrong with it.
 */
final class OutputPaths {

    private OutputPaths() {}

    /**
     * A file the command will create or overwrite (as a shell's {@code >} does):
     * not a folder, and either a writable existing file or one that can be
     * created in a writable folder.
     *
     * @throws ParameterException naming {@code option} and the problem
     */
    static void requireWritableFile(CommandLine commandLine, Path file, String option) {
        if (Files.isDirectory(file)) {
            throw new ParameterException(commandLine, option + " " + file + " is a folder; name a .csv file");
        }
        if (Files.exists(file)) {
            // Overwriting an earlier result is the normal case; only a file we may not replace is an error.
            if (!Files.isRegularFile(file) || !Files.isWritable(file)) {
                throw new ParameterException(commandLine, option + " " + file
                        + " exists and is not writable; name another file or change its permissions");
            }
            return;
        }
        requireCreatable(commandLine, file.toAbsolutePath().getParent(), file, option);
    }

    /**
     * A folder the command will fill (a run folder): not an existing regular file,
     * writable if it exists, creatable in a writable folder if not.
     *
     * @throws ParameterException naming {@code option} and the problem
     */
    static void requireWritableFolder(CommandLine commandLine, Path folder, String option) {
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new ParameterException(commandLine, option + " " + folder
                    + " is a file; name a folder for the run (it is created if missing)");
        }
        if (Files.isDirectory(folder)) {
            if (!Files.isWritable(folder)) {
                throw new ParameterException(commandLine, option + " " + folder + " is not writable");
            }
            return;
        }
        requireCreatable(commandLine, folder.toAbsolutePath().getParent(), folder, option);
    }

    /** {@code target} can be made under {@code parent}: its nearest existing ancestor is a writable folder. */
    private static void requireCreatable(CommandLine commandLine, Path parent, Path target, String option) {
        Path existing = parent;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return; // nothing on the path exists, not even the root: let the write itself report it
        }
        if (!Files.isDirectory(existing)) {
            throw new ParameterException(commandLine, option + " " + target + " cannot be created: " + existing
                    + " is a file, not a folder");
        }
        if (!Files.isWritable(existing)) {
            throw new ParameterException(commandLine, option + " " + target + " cannot be written: the folder "
                    + existing + " is not writable");
        }
    }
}
