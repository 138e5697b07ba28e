package dev.curvature.lab.experiments.saddle;

import dev.curvature.lab.experiments.Reproduction;
import java.util.Optional;
import dev.curvature.lab.report.Summaries;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.curvature.lab.catalog.Catalog;
import dev.curvature.lab.report.Analysis;
import dev.curvature.lab.report.AnalysisResult;
import dev.curvature.lab.report.AnalysisResult.Evidence;
import dev.curvature.lab.report.AnalysisResult.Margin;
import dev.curvature.lab.report.Charts;
import dev.curvature.lab.report.ExperimentData;
import dev.curvature.lab.report.SeedBand;
import dev.curvature.lab.store.ResultStore;
import dev.curvature.lab.store.RunRecord;
import dev.curvature.optim.Problem;
import dev.curvature.optim.saddle.PerturbedGradientDescent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.knowm.xchart.XYChart;

/**
 * Jin, Ge, Netrapalli, Kakade &amp; Jordan, "How to escape saddle points efficiently" (ICML 2017):
 * perturbed gradient descent (Algorithm 2) escapes a strict saddle in a number of iterations that
 * depends on the dimension d only polylogarithmically (Theorem 3: O(ℓΔf/ε²·log⁴(dℓΔf/(ε²δ)))), and
 * ends at an ε-second-order stationary point.
 *
 * <p>Runs start exactly at the strict saddle 0 of ½Σλ_i x_i² + (μ/4)‖x‖⁴ for d ∈ {10, …, 10⁴}. Per
 * run: the escape event of the first perturbation (steps until f dropped by f_thres, Jin et al.'s
 * escape), the steps until f fell half-way from the saddle to f*, the total iterations until PGD's
 * termination test returned x̃, and the ε-SOSP certificate (monitor {@code sosp_certificate}) at x̃
 * and at the start. Fits: log(iterations) = a + p·log d (a polynomial dependence would show as
 * p ≥ 0.25) and iterations = a + b·ln d. Writes {@code jin-escape.csv}.
 */
public final class JinEscapeAnalysis implements Analysis, Reproduction {
    /** The spec {@code jin-escape-dimension.yaml} beside this class. */
    @Override
    public String experiment() {
        return "jin-escape-dimension";
    }

    @Override
    public String name() {
        return "jin-escape";
    }

    @Override
    public Optional<Analysis> analysis() {
        return Optional.of(this);
    }
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Row(int d, long seed, double escapeSteps, double halfSteps, long totalSteps, String stop,
                       double lambdaMin0, double sosp0, double lambdaMin, double measure, double sosp, double method,
                       double chi, double tThres, int escapes) {}

    @Override
    public AnalysisResult analyze(ExperimentData data) throws Exception {
        AnalysisResult out = new AnalysisResult();
        ResultStore store = data.store();
        List<Row> rows = new ArrayList<>();
        Map<Integer, List<double[][]>> gaps = new TreeMap<>();
        double lambdaNeg = Double.NaN;
        double cUsed = Double.NaN;
        for (RunRecord r : data.runs()) {
            var doc = data.doc(r);
            if (!doc.get("optimizers").get(r.optimizer()).get("name").asString().equals("pgd")) {
                continue;
            }
            int d = (int) Stats.gridNumber(r, "problem.d");
            Problem problem = Catalog.problem(doc.get("problem"));
            double fstar = problem.optimum().orElseThrow();
            lambdaNeg = doc.get("problem").get("lambda_neg").asDouble();
            cUsed = doc.get("optimizers").get("pgd").find("c").map(dev.curvature.lab.spec.SpecNode::asDouble).orElse(1.0);
            double escape = Double.NaN;
            int escapes = 0;
            double chi = Double.NaN;
            double tThres = Double.NaN;
            for (ResultStore.Event e : store.events(r.runId())) {
                Map<?, ?> p = JSON.readValue(e.payloadJson(), Map.class);
                if (e.kind().equals("escape") && PgdRuns.num(p.get("escaped")) == 1) {
                    escapes++;
                    if (PgdRuns.num(p.get("perturbed_at")) == 0) {
                        escape = PgdRuns.num(p.get("steps_to_escape"));
                    }
                }
                if (e.kind().equals("pgd_constants")) {
                    chi = PgdRuns.num(p.get("chi"));
                    tThres = PgdRuns.num(p.get("t_thres"));
                }
            }
            double[][] loss = store.series(r.runId(), "loss");
            double f0 = loss[1][0];
            double half = Double.NaN;
            double[][] gap = new double[2][loss[0].length];
            for (int i = 0; i < loss[0].length; i++) {
                gap[0][i] = loss[0][i];
                gap[1][i] = loss[1][i] - fstar;
                if (Double.isNaN(half) && loss[1][i] <= fstar + 0.5 * (f0 - fstar)) {
                    half = loss[0][i];
                }
            }
            gaps.computeIfAbsent(d, k -> new ArrayList<>()).add(gap);
            Map<String, Double> last = PgdRuns.valuesAt(store, r.runId(), true);
            Map<String, Double> first = PgdRuns.valuesAt(store, r.runId(), false);
            rows.add(new Row(d, r.seed(), escape, half, r.steps(), r.stopReason(), first.getOrDefault("lambda_min", Double.NaN),
                    first.getOrDefault("sosp", Double.NaN), last.getOrDefault("lambda_min", Double.NaN),
                    last.getOrDefault("sosp_measure", Double.NaN), last.getOrDefault("sosp", Double.NaN),
                    last.getOrDefault("lambda_min_method", Double.NaN), chi, tThres, escapes));
        }
        if (rows.isEmpty()) {
            throw new IllegalStateException("jin-escape analysis: no runs of optimizer 'pgd'");
        }
        List<List<Object>> csv = new ArrayList<>();
        for (Row w : rows) {
            csv.add(List.of(w.d(), w.seed(), w.escapeSteps(), w.halfSteps(), w.totalSteps(), w.stop(), w.lambdaMin0(),
                    w.sosp0(), w.lambdaMin(), w.measure(), w.sosp(), method(w.method()), w.chi(), w.tThres()));
        }
        Summaries.csv(store.dir(), "jin-escape.csv", List.of("d", "seed", "steps_to_escape", "steps_to_half_descent",
                "total_iterations", "stop_reason", "lambda_min_start", "sosp_start", "lambda_min_end",
                "grad_norm_end", "sosp_end", "lambda_min_method", "chi", "t_thres"), csv);

        TreeMap<Integer, List<Row>> byD = new TreeMap<>();
        rows.forEach(w -> byD.computeIfAbsent(w.d(), k -> new ArrayList<>()).add(w));
        double[] ds = byD.keySet().stream().mapToDouble(Integer::doubleValue).toArray();
        double[] esc = median(byD, Row::escapeSteps);
        double[] half = median(byD, Row::halfSteps);
        double[] total = median(byD, w -> (double) w.totalSteps());
        Stats.Line pEsc = Stats.fit(Stats.log(ds), Stats.log(esc));
        Stats.Line pHalf = Stats.fit(Stats.log(ds), Stats.log(half));
        Stats.Line pTotal = Stats.fit(Stats.log(ds), Stats.log(total));
        Stats.Line lEsc = Stats.fit(Stats.log(ds), esc);
        Stats.Line lHalf = Stats.fit(Stats.log(ds), half);
        Stats.Line lTotal = Stats.fit(Stats.log(ds), total);
        for (int i = 0; i < ds.length; i++) {
            out.finding("median iterations at d = " + Summaries.fmt(ds[i]), total[i], "escape (f_thres drop) "
                    + Summaries.fmt(esc[i]) + ", half-way descent " + Summaries.fmt(half[i]) + " (" + byD.get((int) ds[i]).size()
                    + " runs)");
        }
        out.finding("power-law exponent p, steps to escape", pEsc.slope(), "log–log fit, R² " + Summaries.fmt(pEsc.r2()));
        out.finding("power-law exponent p, steps to half-way descent", pHalf.slope(),
                "log–log fit, R² " + Summaries.fmt(pHalf.r2()));
        out.finding("power-law exponent p, total iterations", pTotal.slope(), "log–log fit, R² " + Summaries.fmt(pTotal.r2()));
        out.finding("polylog slope b (steps to escape = a + b·ln d)", lEsc.slope(), "R² " + Summaries.fmt(lEsc.r2()));
        out.finding("polylog slope b (half-way descent = a + b·ln d)", lHalf.slope(), "R² " + Summaries.fmt(lHalf.r2()));
        out.finding("polylog slope b (total iterations = a + b·ln d)", lTotal.slope(), "R² " + Summaries.fmt(lTotal.r2()));

        int seeds = byD.values().stream().mapToInt(List::size).min().orElse(0);
        Evidence perD = Evidence.seeds(seeds, "median over the seeds at each d");
        long notEscaped = rows.stream().filter(w -> !(Double.isFinite(w.escapeSteps()) && w.escapes() == 1)).count();
        out.check("every run escapes the saddle once (f drops by f_thres after the first perturbation)",
                Margin.failures(notEscaped), Evidence.seeds(seeds, "count over every run"),
                notEscaped + " of " + rows.size() + " runs did not");
        double pMax = Math.max(pEsc.slope(), Math.max(pHalf.slope(), pTotal.slope()));
        out.check("iterations grow at most polylogarithmically in d (power-law exponent < 0.25 for escape, half-way "
                        + "descent and total; total = a + b·ln d with R² ≥ 0.8)",
                pMax < 0.25 && lTotal.r2() >= 0.8, Margin.tightest(Margin.below(pMax, 0.25),
                        Margin.atLeast(lTotal.r2(), 0.8)), perD,
                "p = " + Summaries.fmt(pEsc.slope()) + " / " + Summaries.fmt(pHalf.slope()) + " / " + Summaries.fmt(pTotal.slope())
                        + "; R² of a + b·ln d " + Summaries.fmt(lTotal.r2())
                        + "; from d = " + Summaries.fmt(ds[0]) + " to " + Summaries.fmt(ds[ds.length - 1])
                        + " the median total grows ×" + Summaries.fmt(total[total.length - 1] / total[0]));
        long uncertified = rows.stream().filter(w -> !(PerturbedGradientDescent.STOP_REASON.equals(w.stop())
                && w.sosp() == 1)).count();
        out.check("every run ends with PGD's termination at an ε-SOSP (‖∇f‖ ≤ ε and λ_min(∇²f) ≥ −√(ρε) at x̃)",
                Margin.failures(uncertified), Evidence.seeds(seeds, "count over every run"),
                "λ_min at x̃ in [" + Summaries.fmt(rows.stream().mapToDouble(Row::lambdaMin).min().orElse(0))
                        + ", " + Summaries.fmt(rows.stream().mapToDouble(Row::lambdaMin).max().orElse(0)) + "]");
        double ln = lambdaNeg;
        long startPasses = rows.stream().filter(w -> !(w.sosp0() == 0 && Math.abs(w.lambdaMin0() - ln) <= 1e-8)).count();
        out.check("the start is a strict saddle: the certificate fails there with λ_min = λ_neg",
                Margin.failures(startPasses), Evidence.deterministic("the start x₀ = 0 and the problem are fixed"),
                "λ_neg = " + Summaries.fmt(lambdaNeg));

        StringBuilder methods = new StringBuilder();
        for (var e : byD.entrySet()) {
            methods.append("d = ").append(e.getKey()).append(": ").append(method(e.getValue().get(0).method()))
                    .append("; ");
        }
        out.note("λ_min(∇²f) for the certificate: " + methods + "(dense = eigendecomposition of the Hessian "
                + "assembled from d Hessian-vector products; exact = the closed-form smallest eigenvalue of "
                + "Λ + μ‖x‖²I + 2μxxᵀ, by bisection on its secular equation). The escape steps count from the "
                + "first perturbation to the first iterate with f ≤ f(x̃) − f_thres (Jin et al.'s decrease); the "
                + "half-way descent to f ≤ f* + (f(0) − f*)/2; the total includes the final t_thres steps of the "
                + "termination test. CSV: jin-escape.csv in the results folder.");
        out.note(PgdRuns.theoremRangeNote(cUsed));

        XYChart c = Charts.xy("PGD iterations vs dimension", "d", "median iterations", true, true);
        Plots.series(c, "to escape (f_thres drop)", ds, esc, 0, true, true);
        Plots.series(c, "to half-way descent", ds, half, 1, true, true);
        Plots.series(c, "total (until termination)", ds, total, 2, true, true);
        out.figure("jin-iterations", c, "Median over seeds; a polynomial dependence d^p would be a straight line of "
                + "slope p on these log–log axes.");
        List<SeedBand> bands = new ArrayList<>();
        for (var e : gaps.entrySet()) {
            bands.add(SeedBand.of("d = " + e.getKey(), e.getValue()));
        }
        out.figure("jin-loss", Charts.bands("f − f* from the saddle", "step", "f − f*", true, bands),
                "Median and min–max over seeds of f(x_t) − f*; the plateau at f(0) − f* is the saddle, the last "
                        + "t_thres steps are the termination test at the minimum.");
        return out;
    }

    private static String method(double code) {
        return code == 1 ? "dense" : code == 2 ? "exact" : code == 3 ? "power iteration" : "–";
    }

    private static double[] median(TreeMap<Integer, List<Row>> byD, java.util.function.ToDoubleFunction<Row> f) {
        return byD.values().stream().mapToDouble(l -> Summaries.median(l.stream().map(w -> f.applyAsDouble(w)).toList()))
                .toArray();
    }
}
