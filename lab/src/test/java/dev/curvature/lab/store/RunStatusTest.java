package dev.curvature.lab.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stored text of each status is fixed: results folders written before keep their meaning. */
class RunStatusTest {

    @Test
    void storedTextsAreTheDatabaseValues() {
        assertEquals(List.of("pending", "running", "done", "diverged", "failed"),
                Arrays.stream(RunStatus.values()).map(RunStatus::stored).toList());
        for (RunStatus s : RunStatus.values()) {
            assertEquals(s, RunStatus.of(s.stored()));
        }
    }

    @Test
    void onlyDoneAndDivergedAreFinished() {
        assertTrue(RunStatus.DONE.finished());
        assertTrue(RunStatus.DIVERGED.finished());
        assertFalse(RunStatus.PENDING.finished());
        assertFalse(RunStatus.RUNNING.finished());
        assertFalse(RunStatus.FAILED.finished());
    }

    @Test
    void anUnknownTextIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunStatus.of("stopped"));
        assertTrue(e.getMessage().contains("unknown run status 'stopped'"), e.getMessage());
    }
}
