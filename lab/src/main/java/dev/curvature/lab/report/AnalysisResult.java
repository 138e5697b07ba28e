package dev.curvature.lab.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;

/**
 * What an experiment's analysis found: key numbers, pass/fail checks of the paper's claims, and
 * figures; the report shows all three and {@code reproduce} fails when a check fails.
 *
 * <p>Every check states its statistic against its threshold ({@link Margin}), so the report can
 * show how far from failing it is, and what its outcome rests on ({@link Evidence}): a statistic
 * over at least {@link Evidence#MIN_SEEDS} seeds, a deterministic computation, or a single
 * instance shown as an illustration. A statistical check over fewer seeds fails, whatever its
 * statistic says: a claim decided by two seeds is decided by floating-point summation order as
 * often as by the method.
 */
public final class AnalysisResult {
    /** A reported number. */
    public record Finding(String name, double value, String note) {}

    /**
     * A claim checked against the results.
     *
     * @param claim    the paper's claim as checked here (direction and threshold included)
     * @param passed   whether it held (false also when a statistical check rests on too few seeds)
     * @param detail   the numbers behind the outcome
     * @param margin   the statistic against its threshold
     * @param evidence what the outcome rests on
     */
    public record Check(String claim, boolean passed, String detail, Margin margin, Evidence evidence) {}

    /** A figure with its caption. */
    public record Figure(String name, XYChart chart, String caption) {}

    /**
     * A check's statistic and its threshold: the check holds when {@code value op threshold}.
     * {@link #distance()} is the signed distance on the passing side: relative to |threshold|, or
     * absolute where the threshold is 0; positive when the check holds.
     */
    public record Margin(double value, Op op, double threshold) {
        /** The comparison a check makes. */
        public enum Op {
            AT_LEAST("≥"), AT_MOST("≤"), ABOVE(">"), BELOW("<");

            private final String symbol;

            Op(String symbol) {
                this.symbol = symbol;
            }

            public String symbol() {
                return symbol;
            }
        }

        /** value ≥ threshold. */
        public static Margin atLeast(double value, double threshold) {
            return new Margin(value, Op.AT_LEAST, threshold);
        }

        /** value ≤ threshold. */
        public static Margin atMost(double value, double threshold) {
            return new Margin(value, Op.AT_MOST, threshold);
        }

        /** value &gt; threshold. */
        public static Margin above(double value, double threshold) {
            return new Margin(value, Op.ABOVE, threshold);
        }

        /** value &lt; threshold. */
        public static Margin below(double value, double threshold) {
            return new Margin(value, Op.BELOW, threshold);
        }

        /** A yes/no condition as a count: the number of failing cases against 0 allowed. */
        public static Margin failures(long failing) {
            return new Margin(failing, Op.AT_MOST, 0);
        }

        /** Of several conditions that must all hold, the one closest to failing (smallest distance). */
        public static Margin tightest(Margin... margins) {
            Margin t = margins[0];
            for (Margin m : margins) {
                if (!(m.distance() >= t.distance())) { // NaN counts as closest
                    t = m;
                }
            }
            return t;
        }

        /** Whether {@code value op threshold} holds (false for NaN). */
        public boolean holds() {
            return switch (op) {
                case AT_LEAST -> value >= threshold;
                case AT_MOST -> value <= threshold;
                case ABOVE -> value > threshold;
                case BELOW -> value < threshold;
            };
        }

        /** Signed distance to the threshold on the passing side (relative unless the threshold is 0). */
        public double distance() {
            double d = (op == Op.AT_LEAST || op == Op.ABOVE) ? value - threshold : threshold - value;
            return threshold == 0 ? d : d / Math.abs(threshold);
        }

        /** Whether {@link #distance()} is relative to the threshold. */
        public boolean relative() {
            return threshold != 0;
        }

        /** E.g. {@code 0.266 ≤ 0.345 (margin +23 %)}. */
        @Override
        public String toString() {
            double d = distance();
            String m = Double.isNaN(d) ? "–" : Double.isInfinite(d) ? (d > 0 ? "+∞" : "−∞")
                    : relative() ? String.format(Locale.ROOT, "%+.0f %%", 100 * d) : Summaries.fmt(d);
            return Summaries.fmt(value) + " " + op.symbol() + " " + Summaries.fmt(threshold) + " (margin " + m + ")";
        }
    }

    /** What a check's outcome rests on. */
    public record Evidence(Kind kind, int seeds, String basis) {
        /**
         * The fewest seeds a statistical check may rest on. With five paired seeds, a method that
         * wins on every one has a one-sided sign-test p-value of 1/32 ≈ 0.03; with fewer, no sign
         * count is significant at 5 %.
         */
        public static final int MIN_SEEDS = 5;

        /** The kinds of evidence. */
        public enum Kind {
            /** A statistic over independent (paired) seeds. */
            SEEDS,
            /** No random element: the outcome is a computation on fixed inputs. */
            DETERMINISTIC,
            /** A single random instance, shown, not decided: the check cannot fail the reproduction. */
            ILLUSTRATION
        }

        /** A statistic over {@code n} seeds, e.g. {@code seeds(8, "sign count, paired by seed")}. */
        public static Evidence seeds(int n, String basis) {
            return new Evidence(Kind.SEEDS, n, basis);
        }

        /** A deterministic computation; {@code basis} says why no seed enters. */
        public static Evidence deterministic(String basis) {
            return new Evidence(Kind.DETERMINISTIC, 0, basis);
        }

        /** A single-instance illustration; {@code basis} says why it is not decided statistically. */
        public static Evidence illustration(String basis) {
            return new Evidence(Kind.ILLUSTRATION, 1, basis);
        }

        /** Whether the evidence can decide a claim: deterministic, or enough seeds. */
        public boolean sufficient() {
            return kind != Kind.SEEDS || seeds >= MIN_SEEDS;
        }

        /** E.g. {@code 8 seeds (sign count)}, {@code deterministic}, {@code illustration}. */
        public String label() {
            return switch (kind) {
                case SEEDS -> seeds + " seeds";
                case DETERMINISTIC -> "deterministic";
                case ILLUSTRATION -> "illustration";
            };
        }
    }

    private final List<Finding> findings = new ArrayList<>();
    private final List<Check> checks = new ArrayList<>();
    private final List<Figure> figures = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    /** Adds a number. */
    public AnalysisResult finding(String name, double value, String note) {
        findings.add(new Finding(name, value, note));
        return this;
    }

    /**
     * Adds a check that holds when {@code margin} holds. A statistical check on fewer than
     * {@link Evidence#MIN_SEEDS} seeds fails and says so; an illustration is shown as passed or
     * not, and never fails the reproduction ({@link #passed()}).
     */
    public AnalysisResult check(String claim, Margin margin, Evidence evidence, String detail) {
        return check(claim, margin.holds(), margin, evidence, detail);
    }

    /**
     * Adds a check whose outcome combines several conditions ({@code passed}); {@code margin} is
     * the one closest to failing.
     */
    public AnalysisResult check(String claim, boolean passed, Margin margin, Evidence evidence, String detail) {
        if (!evidence.sufficient()) {
            passed = false;
            detail = detail + " — rests on " + evidence.seeds() + " seeds, fewer than the minimum "
                    + Evidence.MIN_SEEDS + " for a statistical claim";
        }
        checks.add(new Check(claim, passed, detail, margin, evidence));
        return this;
    }

    /** Adds a figure. */
    public AnalysisResult figure(String name, XYChart chart, String caption) {
        figures.add(new Figure(name, chart, caption));
        return this;
    }

    /** Adds a paragraph of explanation. */
    public AnalysisResult note(String text) {
        notes.add(text);
        return this;
    }

    public List<Finding> findings() {
        return findings;
    }

    public List<Check> checks() {
        return checks;
    }

    public List<Figure> figures() {
        return figures;
    }

    public List<String> notes() {
        return notes;
    }

    /** True when every check that decides (all but illustrations) passed. */
    public boolean passed() {
        return checks.stream().allMatch(c -> c.passed() || c.evidence().kind() == Evidence.Kind.ILLUSTRATION);
    }
}
