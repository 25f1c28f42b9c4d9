package dev.cpotoolkit.model;

import dev.cpotoolkit.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Saved model files get the permissions any new file gets under the process's
 * umask (what {@code save_pretrained} gives), not the owner-only 0600 of a
 * temporary file renamed into place.
 */
class SavedFilePermissionsTest {

    @Test
    void aSavedModelFolderHasTheUmasksPermissions(@TempDir Path dir) throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
        Path saved = dir.resolve("saved");
        try (CausalLM model = CausalLM.load(Fixtures.model("tiny-gpt2"))) {
            model.save(saved, Fixtures.model("tiny-gpt2"));
        }
        Set<PosixFilePermission> plain = Files.getPosixFilePermissions(Files.createFile(dir.resolve("probe")));
        List<Path> files;
        try (Stream<Path> walk = Files.list(saved)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertFalse(files.isEmpty());
        for (Path file : files) {
            assertEquals(plain, Files.getPosixFilePermissions(file), file.getFileName().toString());
        }
    }
}
