package dev.curvature.lab.runner;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzzes the runner's checkpoint file reader ({@link Checkpoint#read}): any file content gives a
 * checkpoint or an {@link IOException}; anything else is a crash. A second target puts the fuzzed
 * bytes between the header and a valid checksum, so the parser behind the checksum gets explored
 * too (random bytes almost never pass a CRC). The bytes go through one temporary file.
 */
class CheckpointFileFuzzTest {
    private static final Checkpoint.Identity OWNER = new Checkpoint.Identity("0f1e2d3c", "9a".repeat(32), "small/0", 0);
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
        readBothWays(content);
    }

    @FuzzTest
    void readBehindAValidChecksumGivesACheckpointOrAnIoError(byte[] body) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes("CRVCKPT\n".getBytes(StandardCharsets.US_ASCII));
        b.writeBytes(body);
        CRC32C crc = new CRC32C();
        crc.update(b.toByteArray());
        int c = (int) crc.getValue();
        b.writeBytes(new byte[] {(byte) (c >>> 24), (byte) (c >>> 16), (byte) (c >>> 8), (byte) c});
        readBothWays(b.toByteArray());
    }

    private static void readBothWays(byte[] content) {
        try {
            Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Checkpoint.read(file);
        } catch (IOException expected) {
            // the reader's contract for a damaged file
        }
        try {
            Checkpoint.read(file, OWNER);
        } catch (IOException expected) {
            // another run's, or damaged
        }
    }
}
