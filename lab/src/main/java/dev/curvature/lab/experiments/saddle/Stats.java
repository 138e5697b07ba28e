package dev.curvature.lab.experiments.saddle;

import dev.curvature.lab.catalog.Catalog;
import dev.curvature.lab.report.ExperimentData;
import dev.curvature.lab.spec.ExperimentSpec;
import dev.curvature.lab.spec.SpecNode;
import dev.curvature.lab.store.RunRecord;
import dev.curvature.optim.Problem;
import dev.curvature.optim.Transform;
import dev.curvature.optim.run.Run;
import dev.curvature.optim.run.StoppingRule;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Small statistics, fits, CSV output and run replays shared by the saddle reproductions. */
final class Stats {
    private Stats() {}

    /** A least-squares line y = intercept + slope·x with its coefficient of determination. */
    record Line(double slope, double intercept, double r2, int points) {}

    /** Least squares of y on x (at least two points with distinct x). */
    static Line fit(double[] x, double[] y) {
        int n = x.length;
        if (n < 2) {
            return new Line(Double.NaN, Double.NaN, Double.NaN, n);
        }
        double mx = Arrays.stream(x).average().orElseThrow();
        double my = Arrays.stream(y).average().orElseThrow();
        double sxx = 0;
        double sxy = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            sxx += (x[i] - mx) * (x[i] - mx);
            sxy += (x[i] - mx) * (y[i] - my);
            syy += (y[i] - my) * (y[i] - my);
        }
        double slope = sxy / sxx;
        double r2 = syy == 0 ? 1 : sxy * sxy / (sxx * syy);
        return new Line(slope, my - slope * mx, r2, n);
    }

    /** Elementwise natural logarithm. */
    static double[] log(double[] v) {
        return Arrays.stream(v).map(Math::log).toArray();
    }

    static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).filter(Double::isFinite).min().orElse(Double.NaN);
    }

    static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).filter(Double::isFinite).max().orElse(Double.NaN);
    }

    /** A grid value of a run as a number. */
    static double gridNumber(RunRecord r, String path) {
        String v = ExperimentData.grid(r).get(path);
        if (v == null) {
            throw new IllegalStateException("run " + r.runId() + " has no grid value '" + path + "' (grid: "
                    + ExperimentData.grid(r) + ")");
        }
        return Double.parseDouble(v);
    }

    /**
     * The document of a run's grid point, rebuilt from the stored spec text (with its quick overrides
     * when it was run with --quick) and the run's grid values.
     */
    static SpecNode doc(ExperimentData data, RunRecord r) throws java.sql.SQLException {
        String text = data.store().specText(data.experiment());
        ExperimentSpec spec = ExperimentSpec.parse(text, "stored spec of " + data.experiment());
        if (text.endsWith(QUICK_MARK)) {
            spec = spec.quick();
        }
        Map<String, String> grid = ExperimentData.grid(r);
        for (ExperimentSpec.GridPoint p : spec.expand()) {
            if (p.values().equals(grid)) {
                return p.doc();
            }
        }
        throw new IllegalStateException("run " + r.runId() + ": no grid point of the stored spec has the values " + grid);
    }

    /**
     * The documents of every grid point of the stored spec (with its quick overrides when it was
     * run with --quick), by grid values: for analyses that need the document of many runs, one
     * expansion instead of one per run ({@link #doc}).
     */
    static Map<Map<String, String>, SpecNode> docs(ExperimentData data) throws java.sql.SQLException {
        String text = data.store().specText(data.experiment());
        ExperimentSpec spec = ExperimentSpec.parse(text, "stored spec of " + data.experiment());
        if (text.endsWith(QUICK_MARK)) {
            spec = spec.quick();
        }
        Map<Map<String, String>, SpecNode> out = new java.util.HashMap<>();
        for (ExperimentSpec.GridPoint p : spec.expand()) {
            out.put(p.values(), p.doc());
        }
        return out;
    }

    /** What {@link ExperimentSpec#quick()} appends to the text of a quick variant. */
    private static final String QUICK_MARK = "\n# --quick\n";

    /** Receives x_t of a replay (live in {@code run.params()}) with f(x_t) and f(x_t) − f* (NaN when f* is unknown). */
    interface Observer {
        void step(long t, double loss, double gap, Run run);
    }

    /** About 200 points per decade of t: enough for log-scale plots of long runs. */
    static boolean logSpaced(long t) {
        return t < 200 || t % Math.max(1, t / 200) == 0;
    }

    /**
     * Runs a stored run again in this process, bitwise as it was run (same problem, optimizer and
     * seed), for at most {@code maxSteps} steps, calling {@code observer} with f(x_t) at every step:
     * figures that need every iterate replay a few runs instead of storing every step of all runs.
     */
    static void replay(ExperimentData data, RunRecord r, long maxSteps, Observer observer) throws java.sql.SQLException {
        SpecNode d = doc(data, r);
        Problem problem = Catalog.problem(d.get("problem"));
        Transform opt = Catalog.optimizer(d.get("optimizers").get(r.optimizer()));
        double stopGap = d.get("stop").find("loss_gap_below").map(SpecNode::asDouble).orElse(Double.NaN);
        Run.Builder b = Run.on(problem, opt).seed(r.seed()).recordEvery(1 << 30)
                .stop(StoppingRule.maxSteps(maxSteps), s -> s.loss() > 1e12 || !Double.isFinite(s.loss()) ? "diverged" : null);
        if (!Double.isNaN(stopGap)) {
            b.stop(StoppingRule.lossGapBelow(stopGap));
        }
        Run run = b.nonFinite(dev.curvature.optim.run.NonFinitePolicy.skip(1)).build();
        long t = 0;
        double fstar = problem.optimum().orElse(Double.NaN);
        try {
            while (true) {
                double before = problem.value(run.params());
                observer.step(t++, before, before - fstar, run);
                if (!run.step()) {
                    break;
                }
            }
        } catch (dev.curvature.optim.run.NonFiniteException e) {
            // A diverging replay ends here; the observer has seen every finite step.
        }
    }
}
