package dev.curvature.lab.runner;

import dev.curvature.core.DType;
import dev.curvature.lab.catalog.Catalog;
import dev.curvature.lab.spec.SpecNode;
import dev.curvature.optim.run.Monitor;
import dev.curvature.optim.run.NonFinitePolicy;
import dev.curvature.optim.run.StoppingRule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code stop}, {@code run} and {@code monitors} sections of a spec document, checked and
 * turned into run-loop settings.
 *
 * <pre>
 * stop:     {max_steps: 5000, grad_norm: 1e-8, loss_below: .., loss_gap_below: .., time_budget: 60s, diverge_above: 1e12}
 * run:      {record_every: 10, state_dtype: f64, non_finite: raise | skip, max_skips: 10, checkpoint_every: 1000}
 * monitors: [{name: param_norm, every: 10}, ...]
 * </pre>
 */
public record RunSettings(List<StoppingRule> rules, long maxSteps, int recordEvery, DType stateDType,
                          NonFinitePolicy policy, long checkpointEvery, List<Monitor> monitors,
                          List<Integer> monitorEvery) {

    /** Stop fields. */
    public static final List<String> STOP_FIELDS = List.of("max_steps", "grad_norm", "loss_below", "loss_gap_below",
            "time_budget", "diverge_above");
    /** Run fields. */
    public static final List<String> RUN_FIELDS = List.of("record_every", "state_dtype", "non_finite", "max_skips",
            "checkpoint_every");

    /** A duration written as text: a number and a unit ({@code 250ms}, {@code 90s}, {@code 5m}, {@code 1h}). */
    public static final String DURATION_REGEX = "(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)";

    private static final Pattern DURATION = Pattern.compile(DURATION_REGEX);

    /** The stop reason of the {@code diverge_above} rule; the runner stores such a run as diverged. */
    public static final String DIVERGED = "diverged";

    /** Reads the settings of one grid point's document. */
    public static RunSettings of(SpecNode doc) {
        SpecNode stop = doc.get("stop");
        if (!stop.isMap()) {
            throw stop.error("stop is a mapping {max_steps: ..., time_budget: ..., ...}, got " + stop.describe());
        }
        stop.allowOnly(STOP_FIELDS);
        List<StoppingRule> rules = new ArrayList<>();
        long maxSteps = -1;
        if (stop.find("max_steps").isPresent()) {
            maxSteps = stop.get("max_steps").asLong(0, Long.MAX_VALUE / 2);
            rules.add(StoppingRule.maxSteps(maxSteps));
        }
        if (stop.find("time_budget").isPresent()) {
            rules.add(StoppingRule.timeBudget(duration(stop.get("time_budget"))));
        }
        if (rules.isEmpty()) {
            throw stop.error("needs max_steps or time_budget (or both) so that every run ends");
        }
        stop.find("grad_norm").ifPresent(n -> rules.add(StoppingRule.gradNorm(nonNegative(n))));
        stop.find("loss_below").ifPresent(n -> rules.add(StoppingRule.lossBelow(n.asFiniteDouble())));
        stop.find("loss_gap_below").ifPresent(n -> rules.add(StoppingRule.lossGapBelow(nonNegative(n))));
        stop.find("diverge_above").ifPresent(n -> {
            double limit = n.asFiniteDouble();
            rules.add(s -> s.loss() > limit ? DIVERGED : null);
        });

        SpecNode run = doc.find("run").orElse(null);
        int recordEvery = 1;
        DType stateDType = null;
        NonFinitePolicy policy = NonFinitePolicy.RAISE;
        long checkpointEvery = 0;
        if (run != null) {
            if (!run.isMap()) {
                throw run.error("run is a mapping {record_every: ..., non_finite: ..., ...}, got " + run.describe());
            }
            run.allowOnly(RUN_FIELDS);
            recordEvery = (int) run.find("record_every").map(n -> n.asLong(1, Integer.MAX_VALUE)).orElse(1L).longValue();
            stateDType = run.find("state_dtype").map(n -> n.asChoice(List.of("f32", "f64")).equals("f32")
                    ? DType.F32 : DType.F64).orElse(null);
            String nf = run.find("non_finite").map(n -> n.asChoice(List.of("raise", "skip"))).orElse("raise");
            int maxSkips = (int) run.find("max_skips").map(n -> n.asLong(1, 1_000_000)).orElse(10L).longValue();
            policy = nf.equals("skip") ? NonFinitePolicy.skip(maxSkips) : NonFinitePolicy.RAISE;
            checkpointEvery = run.find("checkpoint_every").map(n -> n.asLong(1, Long.MAX_VALUE)).orElse(0L);
        }

        List<Monitor> monitors = new ArrayList<>();
        List<Integer> every = new ArrayList<>();
        if (doc.find("monitors").isPresent()) {
            SpecNode list = doc.get("monitors");
            if (!list.isList()) {
                throw list.error("monitors is a list [{name: param_norm, every: 10}, ...], got " + list.describe());
            }
            for (SpecNode m : list.items()) {
                monitors.add(Catalog.monitor(m));
                every.add((int) m.find("every").map(n -> n.asLong(1, Integer.MAX_VALUE)).orElse(1L).longValue());
            }
        }
        return new RunSettings(List.copyOf(rules), maxSteps, recordEvery, stateDType, policy, checkpointEvery,
                List.copyOf(monitors), List.copyOf(every));
    }

    private static double nonNegative(SpecNode n) {
        double v = n.asFiniteDouble();
        if (v < 0) {
            throw n.error("must be in [0, ∞), got " + n.render());
        }
        return v;
    }

    /** A duration: a number of seconds, or a string like {@code 90s}, {@code 5m}, {@code 250ms}, {@code 1h}. */
    static Duration duration(SpecNode n) {
        if (n.kind() == SpecNode.Kind.NUMBER) {
            double s = n.asDouble();
            if (!(s >= 0) || !Double.isFinite(s)) {
                throw n.error("a duration must be a finite number of seconds, at least 0, got " + n.render());
            }
            return Duration.ofNanos((long) (s * 1e9));
        }
        if (n.kind() != SpecNode.Kind.STRING) {
            throw n.error("expected a duration such as 90s, 5m, 250ms, 1h or a number of seconds, got "
                    + n.describe());
        }
        Matcher m = DURATION.matcher(n.asString().trim());
        if (!m.matches()) {
            throw n.error("expected a duration such as 90s, 5m, 250ms, 1h or a number of seconds, got '"
                    + n.asString() + "'");
        }
        double v = Double.parseDouble(m.group(1));
        double seconds = switch (m.group(2)) {
            case "ms" -> v / 1000;
            case "s" -> v;
            case "m" -> v * 60;
            default -> v * 3600;
        };
        return Duration.ofNanos((long) (seconds * 1e9));
    }
}
