package dev.curvature.lab.runner;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzzes the runner's checkpoint file reader ({@link Runner.Checkpoint#read}): any file content
 * gives a checkpoint or an {@link IOException}; anything else is a crash. The bytes go through one
 * temporary file, rewritten for each input.
 */
class CheckpointFileFuzzTest {
    private static Path file;

    @BeforeAll
    static void createTheFile() throws IOException {
        file = Files.createTempFile("curvature-fuzz-", ".ckpt");
    }

    @AfterAll
    static void deleteTheFile() throws IOException {
        Files.deleteIfExists(file);
    }

    @FuzzTest
    void readGivesACheckpointOrAnIoError(byte[] content) {
        try {
            Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Runner.Checkpoint.read(file);
        } catch (IOException expected) {
            // the reader's contract for a damaged file
        }
    }
}
