package dev.curvature.lab.spec;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.curvature.core.Limit;
import dev.curvature.lab.Lab;
import dev.curvature.nn.data.Datasets;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes the spec loader: any text either parses (and checks) or is refused with a
 * {@link SpecException} or a {@link Limit.LimitExceededException}; anything else (a stack overflow,
 * an index or number-format error, an {@link OutOfMemoryError}) is a crash. The input is bytes read
 * as UTF-8, so the seeds are plain spec files: the built-in experiments and a few broken ones.
 */
class ExperimentSpecFuzzTest {
    @FuzzTest
    void parseGivesASpecOrASpecError(byte[] input) {
        try {
            ExperimentSpec.parse(new String(input, StandardCharsets.UTF_8), "fuzz.yaml");
        } catch (SpecException | Limit.LimitExceededException expected) {
            // the loader's contract for malformed or oversized specs
        }
    }

    /**
     * {@link Lab#check} plans every run and builds its components without running them; a data set
     * that is not installed is refused with its install command, which is a user error too.
     */
    @FuzzTest
    void checkGivesAPlanOrASpecError(byte[] input) {
        try {
            Lab.check(ExperimentSpec.parse(new String(input, StandardCharsets.UTF_8), "fuzz.yaml"));
        } catch (SpecException | Limit.LimitExceededException | Datasets.MissingDataException expected) {
            // the loader's contract for malformed, oversized or not installable specs
        }
    }
}
