package dev.curvature.optim.contrib;

import static dev.curvature.optim.registry.Param.choice;
import static dev.curvature.optim.registry.Param.flag;
import static dev.curvature.optim.registry.Param.integer;
import static dev.curvature.optim.registry.Param.integers;
import static dev.curvature.optim.registry.Param.number;
import static dev.curvature.optim.registry.Param.numbers;

import dev.curvature.optim.HyperparameterException;
import dev.curvature.optim.registry.Component;
import dev.curvature.optim.registry.Param;
import dev.curvature.optim.registry.Registry;
import dev.curvature.optim.schedule.Schedule;
import dev.curvature.optim.schedule.Schedules;
import java.util.List;
import java.util.Locale;

/**
 * The built-in schedules by name, as experiment specs write them ({@code {schedule: warmup_cosine, ...}});
 * {@link #register} adds them to a registry.
 */
public final class ScheduleRegistry {

    private static Param steps(String name) {
        return integer(name).atLeast(0);
    }

    /** Registers constant, step, exponential, linear_warmup, warmup_cosine, wsd, piecewise, h0h1 and loss_warmup. */
    public static void register(Registry<Schedule> r) {
        r.register(new Component<>("constant", "η_t = value", "-",
                List.of(number("value").finite().doc("the value at every step")),
                h -> Schedules.constant(h.number("value"))));
        r.register(new Component<>("step", "η_t = init·γ^⌊t/every⌋", "torch.optim.lr_scheduler.StepLR",
                List.of(number("init").finite().symbol("η₀").doc("value at step 0"),
                        integer("every").atLeast(1).doc("steps between decays"),
                        number("gamma", 0.1).positive().symbol("γ").doc("factor of each decay")),
                h -> new Schedules.StepDecay(h.number("init"), h.integer("every"), h.number("gamma"))));
        r.register(new Component<>("exponential", "η_t = init·rate^(t/transition), optionally staircase, bounded by end",
                "optax.exponential_decay",
                List.of(number("init").finite().symbol("η₀").doc("value at step 0"),
                        number("rate").positive().doc("decay factor per transition"),
                        integer("transition", 1L).atLeast(1).doc("steps per factor rate"),
                        integer("delay", 0L).atLeast(0).doc("steps held at init before decaying"),
                        flag("staircase", false).doc("decay in whole transitions"),
                        number("end", Double.NaN).doc("bound the value stops at (NaN: none)")),
                h -> new Schedules.Exponential(h.number("init"), h.number("rate"), h.integer("transition"),
                        h.integer("delay"), h.flag("staircase"), h.number("end"))));
        r.register(new Component<>("linear_warmup", "linear from init to peak over warmup steps, then peak",
                "Goyal et al., Accurate, large minibatch SGD, 2017",
                List.of(number("init", 0.0).finite().doc("value at step 0"),
                        number("peak").finite().doc("value after the warm-up"),
                        steps("warmup").doc("length of the warm-up in steps")),
                h -> new Schedules.LinearWarmup(h.number("init"), h.number("peak"), h.integer("warmup"))));
        r.register(new Component<>("warmup_cosine", "linear warm-up, then cosine decay to end at total",
                "Loshchilov & Hutter, SGDR, ICLR 2017; optax.warmup_cosine_decay_schedule",
                List.of(number("init", 0.0).finite().doc("value at step 0"),
                        number("peak").finite().doc("value after the warm-up"),
                        steps("warmup").doc("length of the warm-up in steps"),
                        integer("total").atLeast(1).doc("step at which the decay reaches end (> warmup)"),
                        number("end", 0.0).finite().doc("final value")),
                h -> new Schedules.WarmupCosine(h.number("init"), h.number("peak"), h.integer("warmup"),
                        h.integer("total"), h.number("end"))));
        r.register(new Component<>("wsd", "warmup-stable-decay (shape linear, cosine or one_minus_sqrt)",
                "Hägele et al., Scaling laws and compute-optimal training beyond fixed training durations, 2024",
                List.of(number("peak").finite().doc("value of the stable phase"),
                        steps("warmup").doc("length of the warm-up in steps"),
                        steps("stable").doc("length of the stable phase in steps"),
                        integer("decay").atLeast(1).doc("length of the decay in steps"),
                        number("end", 0.0).finite().doc("final value"),
                        choice("shape", "linear", "linear", "cosine", "one_minus_sqrt").doc("shape of the decay")),
                h -> new Schedules.WarmupStableDecay(h.number("peak"), h.integer("warmup"), h.integer("stable"),
                        h.integer("decay"), h.number("end"), shape(h.text("shape")))));
        r.register(new Component<>("piecewise", "through (steps[i], values[i]); constant or linear in between",
                "optax.piecewise_interpolate_schedule",
                List.of(integers("steps").doc("the steps of the knots, increasing"),
                        numbers("values").finite().doc("the values at the knots"),
                        flag("linear", false).doc("interpolate linearly instead of holding")),
                h -> new Schedules.Piecewise(toLongs(h.numbers("steps")), h.numbers("values"), h.flag("linear"))));
        r.register(new Component<>("h0h1", "η_t = 1/(a·H0 + b·H1·(f(x_t) − f*)), a = 10, b = 20",
                "Alimisis, Islamov & Lucchi, Why do we need warm-up? arXiv 2510.03164, Thm 4.2",
                List.of(number("h0").positive().symbol("H₀").doc("smoothness constant at the optimum"),
                        number("h1").nonNegative().symbol("H₁").doc("growth of the smoothness with the loss gap"),
                        number("a", 10.0).positive().symbol("a").doc("weight of H0"),
                        number("b", 20.0).nonNegative().symbol("b").doc("weight of H1·(f − f*)")),
                h -> new Schedules.H0H1Warmup(h.number("h0"), h.number("h1"), h.number("a"), h.number("b"))));
        r.register(new Component<>("loss_warmup", "η_t = peak·min(1, C/(f(x_t) − f_ref)), f_ref = f* or 0; warm-up until the loss gap falls below C",
                "derived from the (H0,H1) step of arXiv 2510.03164 (see Schedules.LossWarmup)",
                List.of(number("peak").positive().symbol("η").doc("value once the loss gap is below c"),
                        number("c").positive().symbol("C").doc("loss gap at which the warm-up ends")),
                h -> new Schedules.LossWarmup(h.number("peak"), h.number("c"))));
    }

    private ScheduleRegistry() {}

    private static Schedules.DecayShape shape(String s) {
        try {
            return Schedules.DecayShape.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new HyperparameterException("wsd", "shape", "wsd: shape = " + s + " is not one of linear, cosine, one_minus_sqrt");
        }
    }

    private static long[] toLongs(double[] v) {
        long[] out = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            if (v[i] != Math.rint(v[i])) {
                throw new HyperparameterException("piecewise", "steps", "piecewise: steps[" + i + "] = " + v[i] + " is not an integer");
            }
            out[i] = (long) v[i];
        }
        return out;
    }
}
