package dev.curvature.lab.experiments.saddle;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.curvature.lab.store.ResultStore;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the store holds about one run of Jin et al.'s perturbed gradient descent (optimizer
 * {@code pgd}, Algorithm 2 of "How to escape saddle points efficiently", ICML 2017): the derived
 * constants (event {@code pgd_constants}), the perturbations and escape windows (events
 * {@code perturbation} and {@code escape}), and the {@code sosp_certificate} columns at the first
 * and last logged step.
 */
final class PgdRuns {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PgdRuns() {}

    /**
     * The events of a PGD run.
     *
     * @param chi           χ
     * @param eta           η = c/ℓ
     * @param radius        r
     * @param fThres        f_thres
     * @param tThres        ⌈t_thres⌉
     * @param perturbations the number of perturbations
     * @param escapes       the escape windows that ended with a decrease of at least f_thres
     * @param firstEscape   steps from the first perturbation to f ≤ f(x̃) − f_thres (NaN: no escape
     *                      event of the first window, e.g. the budget ended inside it)
     * @param lastPerturbed the step of the last perturbation: where the returned x̃ was taken
     */
    record Events(double chi, double eta, double radius, double fThres, double tThres, int perturbations, int escapes,
                  double firstEscape, double lastPerturbed) {}

    /** Reads the PGD events of a run. */
    static Events events(ResultStore store, String runId) throws Exception {
        double chi = Double.NaN;
        double eta = Double.NaN;
        double radius = Double.NaN;
        double fThres = Double.NaN;
        double tThres = Double.NaN;
        int perturbations = 0;
        int escapes = 0;
        double first = Double.NaN;
        double last = Double.NaN;
        for (ResultStore.Event e : store.events(runId)) {
            Map<?, ?> p = JSON.readValue(e.payloadJson(), Map.class);
            switch (e.kind()) {
                case "pgd_constants" -> {
                    chi = num(p.get("chi"));
                    eta = num(p.get("eta"));
                    radius = num(p.get("radius"));
                    fThres = num(p.get("f_thres"));
                    tThres = num(p.get("t_thres"));
                }
                case "perturbation" -> {
                    perturbations++;
                    last = e.step();
                }
                case "escape" -> {
                    if (num(p.get("escaped")) == 1) {
                        escapes++;
                    }
                    if (num(p.get("perturbed_at")) == 0) {
                        first = num(p.get("steps_to_escape"));
                    }
                }
                default -> { }
            }
        }
        return new Events(chi, eta, radius, fThres, tThres, perturbations, escapes, first, last);
    }

    static double num(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /** The metric values of a run at its last (or first) logged step. */
    static Map<String, Double> valuesAt(ResultStore store, String runId, boolean last) throws Exception {
        Map<String, Double> out = new TreeMap<>();
        for (Map<String, Object> row : store.query("SELECT metric, value FROM metrics WHERE run_id = ? AND step = "
                + "(SELECT " + (last ? "max" : "min") + "(step) FROM metrics WHERE run_id = ?)", runId, runId)) {
            Object v = row.get("value");
            out.put((String) row.get("metric"), v instanceof Number n ? n.doubleValue() : Double.NaN);
        }
        return out;
    }

    /** The first logged step at which {@code series} is at most {@code level} (NaN: never). */
    static double firstAtMost(double[][] series, double level) {
        for (int i = 0; i < series[0].length; i++) {
            if (series[1][i] <= level) {
                return series[0][i];
            }
        }
        return Double.NaN;
    }

    /** 2⁻³⁹: the explicit c_max of Bodard &amp; Patrinos' proof for their Algorithm 1, which follows Jin et al.'s. */
    static final double C_MAX_BODARD = 0x1p-39;

    /**
     * The report note on c: Jin et al.'s Theorem 3 holds for c ≤ c_max, an absolute constant whose
     * value the available sources do not state; {@code c} is the value a spec used.
     */
    static String theoremRangeNote(double c) {
        return "PGD's constant c = " + dev.curvature.lab.report.Summaries.fmt(c) + ". Jin et al.'s Theorem 3 "
                + "(ε-SOSP within O(ℓΔf/ε²·log⁴(dℓΔf/(ε²δ))) iterations with probability 1 − δ) is proved only for "
                + "c ≤ c_max, an absolute constant whose value is not stated in the sources we have (algorithms.md "
                + "§4.1: \"c is an absolute constant ≤ c_max\"; the optimizer takes any c > 0). c = 1 is therefore "
                + "outside the range the theorem covers, as far as can be verified: these runs test the algorithm "
                + "with the theorem's formulas, not the theorem's hypotheses. The only explicit value in the "
                + "analogous proof of Bodard & Patrinos (algorithms.md §1.5) is c_max = 2⁻³⁹; with c that small "
                + "η = c/ℓ and t_thres ∝ 1/c² make escape and termination impractical. The experiment "
                + "jin-matrix-factorization runs PGD at c ∈ {0.1, 0.01, 2⁻³⁹} and reports whether and when it "
                + "escapes within its budget.";
    }
}
