package dev.curvature.nn.data;

import dev.curvature.core.Limit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * What the readers' fuzz tests share: {@link Limit#ELEMENTS} lowered to {@value #ELEMENTS} while
 * they run, so that any input the limit admits fits the small heap of a fuzzing session and a
 * reader that allocates past the limit shows up as an {@link OutOfMemoryError}.
 */
abstract class ReaderFuzzing {
    static final long ELEMENTS = 1 << 20;

    @BeforeAll
    static void lowerTheElementLimit() {
        Limit.ELEMENTS.set(ELEMENTS);
    }

    @AfterAll
    static void restoreTheElementLimit() {
        Limit.ELEMENTS.reset();
    }
}
