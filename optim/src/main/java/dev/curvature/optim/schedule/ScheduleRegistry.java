package dev.curvature.optim.schedule;

import static dev.curvature.optim.registry.Registry.params;

import dev.curvature.optim.Hyperparameters.Required;
import dev.curvature.optim.registry.Component;
import dev.curvature.optim.registry.Registry;
import java.util.Locale;

/** The built-in schedules by name, as experiment specs write them ({@code {schedule: warmup_cosine, ...}}). */
public final class ScheduleRegistry {
    private static final Required NUMBER = new Required("a number");
    private static final Required INTEGER = new Required("an integer");

    /** The registry. */
    public static final Registry<Schedule> SCHEDULES = new Registry<Schedule>("schedules")
            .register(new Component<>("constant", "η_t = value", "-", params("value", NUMBER),
                    h -> Schedules.constant(h.number("value"))))
            .register(new Component<>("step", "η_t = init·γ^⌊t/every⌋", "torch.optim.lr_scheduler.StepLR",
                    params("init", NUMBER, "every", INTEGER, "gamma", 0.1),
                    h -> new Schedules.StepDecay(h.number("init"), h.integer("every"), h.number("gamma"))))
            .register(new Component<>("exponential", "η_t = init·rate^(t/transition), optionally staircase, bounded by end",
                    "optax.exponential_decay",
                    params("init", NUMBER, "rate", NUMBER, "transition", 1L, "delay", 0L, "staircase", false,
                            "end", Double.NaN),
                    h -> new Schedules.Exponential(h.number("init"), h.number("rate"), h.integer("transition"),
                            h.integer("delay"), h.flag("staircase"), h.number("end"))))
            .register(new Component<>("linear_warmup", "linear from init to peak over warmup steps, then peak",
                    "Goyal et al., Accurate, large minibatch SGD, 2017",
                    params("init", 0.0, "peak", NUMBER, "warmup", INTEGER),
                    h -> new Schedules.LinearWarmup(h.number("init"), h.number("peak"), h.integer("warmup"))))
            .register(new Component<>("warmup_cosine", "linear warm-up, then cosine decay to end at total",
                    "Loshchilov & Hutter, SGDR, ICLR 2017; optax.warmup_cosine_decay_schedule",
                    params("init", 0.0, "peak", NUMBER, "warmup", INTEGER, "total", INTEGER, "end", 0.0),
                    h -> new Schedules.WarmupCosine(h.number("init"), h.number("peak"), h.integer("warmup"),
                            h.integer("total"), h.number("end"))))
            .register(new Component<>("wsd", "warmup-stable-decay (shape linear, cosine or one_minus_sqrt)",
                    "Hägele et al., Scaling laws and compute-optimal training beyond fixed training durations, 2024",
                    params("peak", NUMBER, "warmup", INTEGER, "stable", INTEGER, "decay", INTEGER, "end", 0.0,
                            "shape", "linear"),
                    h -> new Schedules.WarmupStableDecay(h.number("peak"), h.integer("warmup"), h.integer("stable"),
                            h.integer("decay"), h.number("end"), shape(h.text("shape")))))
            .register(new Component<>("piecewise", "through (steps[i], values[i]); constant or linear in between",
                    "optax.piecewise_interpolate_schedule",
                    params("steps", new Required("a list of steps"), "values", new Required("a list of numbers"),
                            "linear", false),
                    h -> new Schedules.Piecewise(toLongs(h.numbers("steps")), h.numbers("values"), h.flag("linear"))))
            .register(new Component<>("h0h1", "η_t = 1/(a·H0 + b·H1·(f(x_t) − f*)), a = 10, b = 20",
                    "Alimisis, Islamov & Lucchi, Why do we need warm-up? arXiv 2510.03164, Thm 4.2",
                    params("h0", NUMBER, "h1", NUMBER, "a", 10.0, "b", 20.0),
                    h -> new Schedules.H0H1Warmup(h.number("h0"), h.number("h1"), h.number("a"), h.number("b"))))
            .register(new Component<>("loss_warmup", "η_t = peak·min(1, C/(f(x_t) − f_ref)), f_ref = f* or 0; warm-up until the loss gap falls below C",
                    "derived from the (H0,H1) step of arXiv 2510.03164 (see Schedules.LossWarmup)",
                    params("peak", NUMBER, "c", NUMBER),
                    h -> new Schedules.LossWarmup(h.number("peak"), h.number("c"))));

    private ScheduleRegistry() {}

    private static Schedules.DecayShape shape(String s) {
        try {
            return Schedules.DecayShape.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("wsd: shape = " + s + " is not one of linear, cosine, one_minus_sqrt");
        }
    }

    private static long[] toLongs(double[] v) {
        long[] out = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            if (v[i] != Math.rint(v[i])) {
                throw new IllegalArgumentException("piecewise: steps[" + i + "] = " + v[i] + " is not an integer");
            }
            out[i] = (long) v[i];
        }
        return out;
    }
}
