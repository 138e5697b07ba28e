package dev.curvature.lab.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The plain-line progress counts the steps that will run: runs stopping early take theirs off the total. */
class ProgressTest {

    @Test
    void runsStoppingEarlyTakeTheirRemainingStepsOffTheTotal() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress p = Progress.lines(new PrintStream(bytes, true, StandardCharsets.UTF_8), Long.MAX_VALUE / 4);
        p.start("sweep", 4, 4000);
        p.advance(30);
        p.skip(970); // run 1 converged after 30 of its 1000 steps
        p.advance(1000); // run 2 ran them all
        p.advance(500);
        p.skip(500); // run 3 diverged halfway
        p.advance(1000); // run 4
        p.finish();
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals("sweep: 4 runs, 4000 steps to go", lines.get(0));
        assertEquals(2, lines.size(), bytes.toString(StandardCharsets.UTF_8));
        // 2530 steps ran of 2530 that were to run: 100 %, not 63 % of the planned 4000.
        assertEquals("sweep: 100% (2530/2530 steps)", lines.get(1).substring(0, lines.get(1).indexOf(',')));
    }

    @Test
    void theTotalNeverFallsBelowTheStepsDone() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress p = Progress.lines(new PrintStream(bytes, true, StandardCharsets.UTF_8), Long.MAX_VALUE / 4);
        p.start("s", 1, 100);
        p.advance(60);
        p.skip(90);
        p.finish();
        String last = bytes.toString(StandardCharsets.UTF_8).lines().reduce((a, b) -> b).orElseThrow();
        assertEquals("s: 100% (60/60 steps)", last.substring(0, last.indexOf(',')));
    }
}
