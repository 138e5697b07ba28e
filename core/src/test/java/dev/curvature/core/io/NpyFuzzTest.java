package dev.curvature.core.io;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.curvature.core.Limit;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Fuzzes {@link Npy#read(java.io.InputStream, String)}: any bytes give a tensor, an
 * {@link IOException} or a {@link Limit.LimitExceededException}; anything else (an
 * {@link OutOfMemoryError} from a size taken on trust, an index or arithmetic error) is a crash.
 * The test suite replays the corpus in {@code NpyFuzzTestInputs/}; {@code scripts/fuzz} explores.
 */
class NpyFuzzTest {
    @FuzzTest
    void readGivesATensorOrAFormatError(byte[] input) {
        try {
            Npy.read(new ByteArrayInputStream(input), "fuzz.npy");
        } catch (IOException | Limit.LimitExceededException expected) {
            // the reader's contract for malformed input
        }
    }
}
