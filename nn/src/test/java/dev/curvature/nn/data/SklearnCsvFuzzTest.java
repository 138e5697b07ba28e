package dev.curvature.nn.data;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.curvature.core.Limit;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Fuzzes {@link SklearnCsv} on a scikit-learn CSV stream: any bytes give a result, an {@link IOException} that names the
 * problem or a {@link Limit.LimitExceededException}; anything else is a crash. The test suite
 * replays the corpus in {@code SklearnCsvFuzzTestInputs/}; {@code scripts/fuzz} explores (docs/fuzzing.md).
 */
class SklearnCsvFuzzTest extends ReaderFuzzing {
    @FuzzTest
    void readGivesADatasetOrAFormatError(byte[] input) {
        try {
            SklearnCsv.read(new ByteArrayInputStream(input), "fuzz.csv");
        } catch (IOException | Limit.LimitExceededException expected) {
            // the reader's contract for malformed or oversized input
        }
    }
}
