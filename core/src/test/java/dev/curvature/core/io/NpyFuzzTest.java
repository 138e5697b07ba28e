package dev.curvature.core.io;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.curvature.core.Limit;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzzes {@link Npy#read(java.io.InputStream, String)}: any bytes give a tensor, an
 * {@link IOException} or a {@link Limit.LimitExceededException}; anything else (an
 * {@link OutOfMemoryError} from a size taken on trust, an index or arithmetic error) is a crash.
 * {@link Limit#ELEMENTS} is lowered while it runs, so that every array the limit admits fits the
 * small heap of a fuzzing session. The test suite replays the corpus in {@code NpyFuzzTestInputs/};
 * {@code scripts/fuzz npy} explores (docs/fuzzing.md).
 */
class NpyFuzzTest {
    @BeforeAll
    static void lowerTheElementLimit() {
        Limit.ELEMENTS.set(1 << 20);
    }

    @AfterAll
    static void restoreTheElementLimit() {
        Limit.ELEMENTS.reset();
    }

    @FuzzTest
    void readGivesATensorOrAFormatError(byte[] input) {
        try {
            Npy.read(new ByteArrayInputStream(input), "fuzz.npy");
        } catch (IOException | Limit.LimitExceededException expected) {
            // the reader's contract for malformed input
        }
    }
}
