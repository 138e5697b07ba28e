package dev.curvature.nn.data;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.curvature.core.Limit;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Fuzzes {@link GreyImage} on an image stream: any bytes give a result, an {@link IOException} that names the
 * problem or a {@link Limit.LimitExceededException}; anything else is a crash. The test suite
 * replays the corpus in {@code GreyImageFuzzTestInputs/}; {@code scripts/fuzz} explores (docs/fuzzing.md).
 */
class GreyImageFuzzTest extends ReaderFuzzing {
    @FuzzTest
    void readGivesATensorOrAFormatError(byte[] input) {
        try {
            GreyImage.read(new ByteArrayInputStream(input), "fuzz.png");
        } catch (IOException | Limit.LimitExceededException expected) {
            // the reader's contract for malformed or oversized input
        }
    }
}
