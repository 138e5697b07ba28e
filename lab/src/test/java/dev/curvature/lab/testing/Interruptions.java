package dev.curvature.lab.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.curvature.optim.State;
import dev.curvature.optim.run.Run;
import dev.curvature.optim.run.Trajectory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * In-process interruptions of a run: checkpoint at given steps, build a new run from fresh
 * instances (as a resumed sweep does) that resumes from those bytes, and compare everything the
 * run produced, bitwise, with an uninterrupted run.
 */
public final class Interruptions {
    private Interruptions() {}

    /** What a run produced: its trajectory rows and events (raw bits), final point and optimizer state. */
    public record Produced(List<String> rows, List<String> events, byte[] params, byte[] optimizerState,
                           String result) {}

    /** Runs a fresh run from {@code fresh} to its end. */
    public static Produced uninterrupted(Supplier<Run.Builder> fresh) {
        Run run = fresh.get().build();
        run.runToEnd();
        List<String> rows = new ArrayList<>();
        List<String> events = new ArrayList<>();
        collect(run.trajectory(), rows, events);
        return produced(run, rows, events);
    }

    /**
     * Runs to each of {@code killSteps} (increasing), checkpoints, and continues in a new run built
     * by {@code fresh} that resumes from the checkpoint; the last one runs to the end.
     */
    public static Produced interrupted(Supplier<Run.Builder> fresh, long... killSteps) {
        List<String> rows = new ArrayList<>();
        List<String> events = new ArrayList<>();
        Run run = fresh.get().build();
        for (long kill : killSteps) {
            while (run.stepIndex() < kill) {
                if (!run.step()) {
                    fail("the run stopped at step " + run.stepIndex() + " before the interruption at " + kill);
                }
            }
            byte[] checkpoint = run.checkpoint();
            collect(run.trajectory(), rows, events);
            run = fresh.get().resume(checkpoint).build();
        }
        run.runToEnd();
        collect(run.trajectory(), rows, events);
        return produced(run, rows, events);
    }

    /** Fails unless both produced bitwise the same; names the first difference. */
    public static void assertSame(Produced expected, Produced actual, String what) {
        diff(expected.rows(), actual.rows(), what + ": trajectory");
        diff(expected.events(), actual.events(), what + ": events");
        assertEquals(expected.result(), actual.result(), what + ": result");
        assertArrayEquals(expected.params(), actual.params(), what + ": final point");
        assertArrayEquals(expected.optimizerState(), actual.optimizerState(), what + ": optimizer state");
    }

    private static Produced produced(Run run, List<String> rows, List<String> events) {
        State params = new State("params");
        params.addBuffer("x", run.result().x());
        var r = run.result();
        String result = r.stopReason() + "|" + r.steps() + "|" + r.skipped() + "|" + bits(r.loss()) + "|"
                + bits(r.gradNorm());
        return new Produced(List.copyOf(rows), List.copyOf(events), params.snapshot(),
                run.optimizerState().snapshot(), result);
    }

    /**
     * One line per value, {@code step|column|bits}, columns in name order: every loss and gradient
     * norm, NaN included, and the other columns where they are not NaN (as the result store keeps
     * them; a column first seen after an interruption is absent, not NaN, before it).
     */
    private static void collect(Trajectory tr, List<String> rows, List<String> events) {
        double[] step = tr.get("step");
        List<String> columns = new ArrayList<>(tr.columnNames());
        columns.sort(null);
        for (int i = 0; i < tr.rows(); i++) {
            for (String c : columns) {
                double v = tr.get(c, i);
                if (!Double.isNaN(v) || c.equals("loss") || c.equals("grad_norm")) {
                    rows.add((long) step[i] + "|" + c + "|" + bits(v));
                }
            }
        }
        for (Trajectory.Event e : tr.events()) {
            StringBuilder s = new StringBuilder(e.step() + "|" + e.kind());
            e.fields().forEach((k, v) -> s.append('|').append(k).append('=').append(bits(v)));
            events.add(s.toString());
        }
    }

    private static String bits(double v) {
        return Long.toHexString(Double.doubleToRawLongBits(v));
    }

    private static void diff(List<String> expected, List<String> actual, String what) {
        int n = Math.min(expected.size(), actual.size());
        for (int i = 0; i < n; i++) {
            if (!expected.get(i).equals(actual.get(i))) {
                fail(what + " differs at line " + i + ":\n  expected " + expected.get(i) + "\n  actual   "
                        + actual.get(i));
            }
        }
        if (expected.size() != actual.size()) {
            fail(what + ": " + actual.size() + " lines, expected " + expected.size() + " (first extra or missing: "
                    + (actual.size() > n ? actual.get(n) : expected.get(n)) + ")");
        }
    }
}
