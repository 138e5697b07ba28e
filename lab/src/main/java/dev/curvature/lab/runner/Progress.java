package dev.curvature.lab.runner;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Progress of a sweep in steps (or runs), with an ETA, on a terminal. */
public interface Progress {

    /** Starts a sweep of {@code runs} runs and {@code totalSteps} steps (−1 when unknown). */
    void start(String name, int runs, long totalSteps);

    /** Counts {@code steps} more steps. */
    void advance(long steps);

    /** Ends the display. */
    void finish();

    /** No output. */
    static Progress silent() {
        return new Progress() {
            @Override
            public void start(String name, int runs, long totalSteps) {}

            @Override
            public void advance(long steps) {}

            @Override
            public void finish() {}
        };
    }

    /** A progress bar with ETA on {@code out} (me.tongfei.progressbar). */
    static Progress bar(PrintStream out) {
        return new Progress() {
            private ProgressBar bar;

            @Override
            public void start(String name, int runs, long totalSteps) {
                bar = new ProgressBarBuilder().setTaskName(name + " (" + runs + " runs)")
                        .setInitialMax(Math.max(totalSteps, 0)).setStyle(ProgressBarStyle.ASCII)
                        .setUpdateIntervalMillis(500).setMaxRenderedLength(100)
                        .setConsumer(new ConsoleProgressBarConsumer(out)).showSpeed().setUnit(" steps", 1)
                        .build();
            }

            @Override
            public void advance(long steps) {
                if (bar != null) {
                    bar.stepBy(steps);
                }
            }

            @Override
            public void finish() {
                if (bar != null) {
                    bar.close();
                }
            }
        };
    }
}
