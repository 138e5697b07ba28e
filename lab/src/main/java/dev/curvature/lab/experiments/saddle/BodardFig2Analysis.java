package dev.curvature.lab.experiments.saddle;

import dev.curvature.lab.experiments.Reproduction;
import java.util.Optional;
import dev.curvature.lab.store.RunStatus;
import dev.curvature.lab.runner.RunSettings;
import dev.curvature.lab.report.Summaries;
import dev.curvature.lab.report.Charts;
import dev.curvature.lab.report.Analysis;
import dev.curvature.lab.report.AnalysisResult;
import dev.curvature.lab.report.AnalysisResult.Evidence;
import dev.curvature.lab.report.AnalysisResult.Margin;
import dev.curvature.lab.report.ExperimentData;
import dev.curvature.lab.store.RunRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.knowm.xchart.XYChart;

/**
 * Bodard &amp; Patrinos, arXiv 2509.15817, Fig. 2: on the symmetric factorization ½‖UUᵀ − Y‖² with
 * n = 2, r = 1 started far from the solutions, gradient descent needs a tiny step or it diverges (the
 * quartic objective is not Lipschitz smooth), while P-GD with φ = cosh(‖·‖) − 1 and L̄ = 1 converges
 * with steps orders of magnitude larger and in far fewer iterations.
 *
 * <p>The spec runs both methods over one log grid of steps (zipped: grid point i gives both the
 * i-th step) and several random far starting points. A run converged when it reached f − f* ≤ tol
 * (stop reason {@code loss_gap}), diverged when its loss exceeded the divergence limit or became
 * non-finite, and stalled otherwise. GD's largest non-diverging step η_GD is the largest grid step
 * below the smallest step at which some GD run diverged; P-GD's η_PGD is the largest step at which
 * every P-GD run converged. Checks: η_PGD/η_GD ≥ 100 and best median iterations of GD ≥ 10× those
 * of P-GD. Writes {@code fig2-steps.csv}; the trajectory figures replay the chosen runs.
 */
public final class BodardFig2Analysis implements Analysis, Reproduction {
    /** The spec {@code bodard-fig2-factorization.yaml} beside this class. */
    @Override
    public String experiment() {
        return "bodard-fig2-factorization";
    }

    @Override
    public String name() {
        return "bodard-fig2";
    }

    @Override
    public Optional<Analysis> analysis() {
        return Optional.of(this);
    }
    /** The optimizer labels of the spec. */
    static final String GD = "gd";
    static final String PGD = "p_gd_cosh";

    private record Cell(int runs, int converged, int diverged, int stalled, double medianIterations) {}

    @Override
    public AnalysisResult analyze(ExperimentData data) throws Exception {
        AnalysisResult out = new AnalysisResult();
        Map<String, TreeMap<Double, List<RunRecord>>> by = new TreeMap<>();
        for (RunRecord r : data.runs()) {
            double lr = Stats.gridNumber(r, "optimizers." + r.optimizer() + ".lr");
            by.computeIfAbsent(r.optimizer(), k -> new TreeMap<>()).computeIfAbsent(lr, k -> new ArrayList<>()).add(r);
        }
        if (!by.containsKey(GD) || !by.containsKey(PGD)) {
            throw new IllegalStateException("bodard-fig2 expects optimizers '" + GD + "' and '" + PGD + "', found "
                    + by.keySet());
        }
        Map<String, TreeMap<Double, Cell>> cells = new TreeMap<>();
        List<List<Object>> rows = new ArrayList<>();
        for (var e : by.entrySet()) {
            TreeMap<Double, Cell> m = new TreeMap<>();
            for (var s : e.getValue().entrySet()) {
                int conv = 0;
                int div = 0;
                List<Double> its = new ArrayList<>();
                for (RunRecord r : s.getValue()) {
                    if ("loss_gap".equals(r.stopReason())) {
                        conv++;
                        its.add((double) r.steps());
                    } else if (diverged(r)) {
                        div++;
                    }
                }
                int n = s.getValue().size();
                Cell c = new Cell(n, conv, div, n - conv - div, conv == n ? Summaries.median(its) : Double.NaN);
                m.put(s.getKey(), c);
                rows.add(List.of(e.getKey(), s.getKey(), n, conv, div, n - conv - div, c.medianIterations()));
            }
            cells.put(e.getKey(), m);
        }
        Summaries.csv(data.store().dir(), "fig2-steps.csv", List.of("method", "step", "runs", "converged", "diverged",
                "stalled", "median_iterations"), rows);

        TreeMap<Double, Cell> gd = cells.get(GD);
        TreeMap<Double, Cell> pgd = cells.get(PGD);
        double firstDivergence = gd.entrySet().stream().filter(e -> e.getValue().diverged() > 0)
                .mapToDouble(Map.Entry::getKey).min().orElse(Double.POSITIVE_INFINITY);
        double etaGd = gd.headMap(firstDivergence, false).keySet().stream().mapToDouble(Double::doubleValue).max()
                .orElse(Double.NaN);
        double etaPgd = pgd.entrySet().stream().filter(e -> e.getValue().converged() == e.getValue().runs())
                .mapToDouble(Map.Entry::getKey).max().orElse(Double.NaN);
        long pgdAbove = pgd.entrySet().stream().filter(e -> e.getKey() > etaGd
                && e.getValue().converged() == e.getValue().runs()).count();
        double bestGd = bestIterations(gd);
        double bestPgd = bestIterations(pgd);
        double bestGdStep = bestStep(gd);
        double bestPgdStep = bestStep(pgd);
        double ratio = etaPgd / etaGd;

        out.finding("GD: largest non-diverging step η_GD", etaGd,
                "largest grid step below the first step at which a GD run diverged ("
                        + Summaries.fmt(firstDivergence) + ")");
        out.finding("P-GD (cosh, L̄ = 1): largest step with every run converged η_PGD", etaPgd, "");
        out.finding("η_PGD / η_GD", ratio, Summaries.fmt(Math.log10(ratio)) + " orders of magnitude");
        out.finding("P-GD steps above η_GD at which every run converged", pgdAbove, "grid steps");
        out.finding("GD: fewest median iterations to tolerance", bestGd, "at step " + Summaries.fmt(bestGdStep));
        out.finding("P-GD: fewest median iterations to tolerance", bestPgd, "at step " + Summaries.fmt(bestPgdStep));
        out.finding("iteration ratio GD / P-GD (best steps)", bestGd / bestPgd, "");

        int seeds = cells.values().stream().flatMap(m -> m.values().stream()).mapToInt(Cell::runs).min().orElse(0);
        Evidence everySeed = Evidence.seeds(seeds, "every seed at a step (random starts at a fixed radius)");
        out.check("P-GD converges with steps orders of magnitude larger than GD's largest non-diverging step "
                        + "(η_PGD/η_GD ≥ 100)", Margin.atLeast(ratio, 100), everySeed,
                "η_GD = " + Summaries.fmt(etaGd) + ", η_PGD = " + Summaries.fmt(etaPgd) + ", ratio " + Summaries.fmt(ratio));
        out.check("GD diverges at steps where P-GD converges", Double.isFinite(firstDivergence) && pgdAbove > 0,
                Margin.atLeast(pgdAbove, 1), everySeed,
                "GD diverges from step " + Summaries.fmt(firstDivergence) + "; P-GD converges at " + pgdAbove
                        + " larger grid steps");
        out.check("P-GD needs far fewer iterations (best GD / best P-GD ≥ 10)", Margin.atLeast(bestGd / bestPgd, 10),
                Evidence.seeds(seeds, "median over seeds at each step"),
                "GD " + Summaries.fmt(bestGd) + " iterations (step " + Summaries.fmt(bestGdStep) + "), P-GD "
                        + Summaries.fmt(bestPgd) + " (step " + Summaries.fmt(bestPgdStep) + ")");

        XYChart its = Charts.xy("Iterations to tolerance vs step size", "step size γ", "median iterations", true,
                true);
        int col = 0;
        for (String m : List.of(GD, PGD)) {
            TreeMap<Double, Cell> c = cells.get(m);
            Plots.series(its, m.equals(GD) ? "GD" : "P-GD (cosh, L̄ = 1)",
                    c.keySet().stream().mapToDouble(Double::doubleValue).toArray(),
                    c.values().stream().mapToDouble(Cell::medianIterations).toArray(), col++, true, true);
        }
        Charts.ensureNotEmpty(its);
        out.figure("fig2-iterations", its, "Median iterations to f − f* ≤ tol over the starting points, at the steps "
                + "where every run converged (GD's missing points diverged or stalled; see fig2-steps.csv).");
        XYChart frac = Charts.xy("Outcome vs step size", "step size γ", "fraction of runs", true, false);
        col = 0;
        for (String m : List.of(GD, PGD)) {
            TreeMap<Double, Cell> c = cells.get(m);
            double[] x = c.keySet().stream().mapToDouble(Double::doubleValue).toArray();
            String name = m.equals(GD) ? "GD" : "P-GD";
            Plots.series(frac, name + " converged", x,
                    c.values().stream().mapToDouble(v -> (double) v.converged() / v.runs()).toArray(), col, true, true);
            Plots.series(frac, name + " diverged", x,
                    c.values().stream().mapToDouble(v -> (double) v.diverged() / v.runs()).toArray(), col + 2, true,
                    true);
            col++;
        }
        out.figure("fig2-outcomes", frac, "Fraction of starting points that converged or diverged at each step.");

        trajectories(data, by, etaGd, bestPgdStep, out);
        out.note("Setting (the paper gives no Y, starting points or steps; chosen here): Y = [[1, 0.5], [0.5, 1]] "
                + "(eigenvalues 1.5 and 0.5, f* = 0.125), starting points uniform on the sphere ‖U₀‖_F = init_radius, "
                + "one per repeat; f = ½‖UUᵀ − Y‖² with its exact gradient 2(UUᵀ − Y)U; tolerance f − f* ≤ 1e-8; "
                + "divergence when f > 1e12 or non-finite. CSV: fig2-steps.csv in the results folder.");
        return out;
    }

    private static boolean diverged(RunRecord r) {
        return r.status() == RunStatus.DIVERGED || RunSettings.DIVERGED.equals(r.stopReason());
    }

    private static double bestIterations(TreeMap<Double, Cell> m) {
        return m.values().stream().mapToDouble(Cell::medianIterations).filter(Double::isFinite).min()
                .orElse(Double.NaN);
    }

    private static double bestStep(TreeMap<Double, Cell> m) {
        double best = bestIterations(m);
        return m.entrySet().stream().filter(e -> e.getValue().medianIterations() == best).mapToDouble(Map.Entry::getKey)
                .findFirst().orElse(Double.NaN);
    }

    /** Replays repeat 0 of GD at η_GD and of P-GD at its best step; plots the paths and f − f*. */
    private static void trajectories(ExperimentData data, Map<String, TreeMap<Double, List<RunRecord>>> by,
                                     double etaGd, double pgdStep, AnalysisResult out) throws Exception {
        XYChart plane = Charts.xy("Paths in the plane of U = (u₁, u₂)", "u₁", "u₂", false, false);
        XYChart gapChart = Charts.xy("f − f* along the paths", "iteration + 1", "f − f*", true, true);
        int col = 0;
        for (var pick : List.of(Map.entry(GD, etaGd), Map.entry(PGD, pgdStep))) {
            List<RunRecord> runs = by.get(pick.getKey()).get(pick.getValue());
            if (runs == null || runs.isEmpty()) {
                continue;
            }
            RunRecord r = runs.stream().filter(x -> x.repeat() == 0).findFirst().orElse(runs.get(0));
            List<double[]> pts = new ArrayList<>();
            Stats.replay(data, r, 2_000_000, (t, loss, gap, run) -> {
                if (Stats.logSpaced(t)) {
                    var u = run.params().tensor(0);
                    pts.add(new double[] {u.getFlat(0), u.getFlat(1), t + 1, gap});
                }
            });
            String name = (pick.getKey().equals(GD) ? "GD" : "P-GD") + ", γ = " + Summaries.fmt(pick.getValue());
            Plots.series(plane, name, pts.stream().mapToDouble(p -> p[0]).toArray(),
                    pts.stream().mapToDouble(p -> p[1]).toArray(), col, true, false);
            Plots.series(gapChart, name, pts.stream().mapToDouble(p -> p[2]).toArray(),
                    pts.stream().mapToDouble(p -> p[3]).toArray(), col, true, false);
            col++;
        }
        double a = Math.sqrt(0.75);
        Plots.series(plane, "minimizers ±√1.5·(1, 1)/√2", new double[] {a, -a}, new double[] {a, -a}, 3, false, true);
        Charts.ensureNotEmpty(plane);
        Charts.ensureNotEmpty(gapChart);
        out.figure("fig2-paths", plane, "The first starting point, replayed: GD at its largest non-diverging step and "
                + "P-GD at its fastest step (Bodard & Patrinos, Fig. 2).");
        out.figure("fig2-gap", gapChart, "f − f* along the same two runs (log–log).");
    }
}
