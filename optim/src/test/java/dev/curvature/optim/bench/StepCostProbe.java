package dev.curvature.optim.bench;

import dev.curvature.core.DType;
import dev.curvature.core.Tensor;
import dev.curvature.core.random.RandomStream;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.Label;
import dev.curvature.optim.Optimizers;
import dev.curvature.optim.State;
import dev.curvature.optim.StepContext;
import dev.curvature.optim.Transform;
import dev.curvature.optim.Transforms;
import dev.curvature.optim.schedule.Schedules;
import dev.curvature.optim.testing.Allocations;
import java.util.Arrays;
import java.util.Locale;

/**
 * A plain measurement, not a unit test: the cost of one optimizer step (update + apply) of
 * SGD-momentum, Adam and AdamW over 10 M parameters in 20 blocks, in ns per parameter and bytes
 * allocated per step, for float32 and float64 parameters and state. For comparison it times the
 * memory traffic a step cannot avoid: the Adam pass written as a direct loop over the arrays
 * (versus {@code scale_by_adam} through {@code Float64Chunks}), and the whole AdamW step fused
 * into one direct loop.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xmx4g \
 *      -cp core/target/classes:optim/target/classes:optim/target/test-classes \
 *      dev.curvature.optim.bench.StepCostProbe [steps]
 * </pre>
 */
public final class StepCostProbe {
    static final int PARAMETERS = 10_000_000;
    static final int BLOCKS = 20;
    static final int PER_BLOCK = PARAMETERS / BLOCKS;

    private StepCostProbe() {}

    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        System.out.printf(Locale.ROOT, "%d parameters in %d blocks, %d timed steps each (median and best)%n",
                PARAMETERS, BLOCKS, steps);
        DType[][] precisions = {{DType.F32, DType.F32}, {DType.F64, DType.F64}, {DType.F32, DType.F64}};
        for (DType[] p : precisions) {
            DType paramDType = p[0];
            DType stateDType = p[1];
            Blocks x = parameters(paramDType);
            Blocks source = x.zerosLike();
            RandomStream rng = RandomStream.of(7);
            for (int i = 0; i < source.count(); i++) {
                rng.fillNormal(source.tensor(i), 0, 1e-2);
            }
            Blocks grad = x.zerosLike();
            String prec = "params " + paramDType + " state " + stateDType;

            report(prec, "gradient refresh (not in steps)", time(steps, () -> { }, () -> grad.assign(source)));
            report(prec, "apply x += u", time(steps, () -> grad.assign(source), () -> x.add(grad)));
            for (String name : new String[] {"sgd_momentum", "adam", "adamw"}) {
                Transform opt = optimizer(name);
                State st = opt.init(x, stateDType);
                StepContext ctx = new StepContext(null, null);
                long[] t = {0};
                Runnable step = () -> {
                    ctx.begin(t[0]++, Double.NaN, x);
                    opt.update(grad, st, ctx);
                    x.add(grad);
                };
                report(prec, name + " update + apply", time(steps, () -> grad.assign(source), step));
            }
            Transform adam = Transforms.scaleByAdam(0.9, 0.999, 1e-8);
            State adamState = adam.init(x, stateDType);
            StepContext ctx = new StepContext(null, null);
            report(prec, "scale_by_adam pass alone", time(steps, () -> grad.assign(source),
                    () -> adam.update(grad, adamState, ctx)));
            if (paramDType == stateDType) {
                Blocks m = x.zerosLike();
                Blocks v = x.zerosLike();
                int[] count = {0};
                report(prec, "direct-loop Adam pass", time(steps, () -> grad.assign(source),
                        () -> directAdam(grad, m, v, ++count[0])));
                count[0] = 0;
                report(prec, "direct-loop fused AdamW step", time(steps, () -> grad.assign(source),
                        () -> directAdamW(x, grad, m, v, ++count[0], 1e-3, 0.01)));
            }
            System.out.println();
        }
    }

    /** 20 blocks of 500 000: matrices 1000×500 and vectors, alternating. */
    static Blocks parameters(DType d) {
        Blocks.Builder b = Blocks.builder();
        for (int i = 0; i < BLOCKS; i++) {
            if (i % 2 == 0) {
                b.add("w" + i, Label.MATRIX, Tensor.zeros(d, 1000, PER_BLOCK / 1000));
            } else {
                b.add("v" + i, Label.VECTOR, Tensor.zeros(d, PER_BLOCK));
            }
        }
        Blocks x = b.build();
        RandomStream rng = RandomStream.of(3);
        for (int i = 0; i < x.count(); i++) {
            rng.fillNormal(x.tensor(i), 0, 0.05);
        }
        return x;
    }

    static Transform optimizer(String name) {
        return switch (name) {
            case "sgd_momentum" -> Optimizers.sgd(Schedules.constant(1e-3), Schedules.constant(0.9), false, 0,
                    Schedules.constant(0));
            case "adam" -> Optimizers.adam(Schedules.constant(1e-3), 0.9, 0.999, 1e-8, Schedules.constant(0));
            case "adamw" -> Optimizers.adamw(Schedules.constant(1e-3), 0.9, 0.999, 1e-8, Schedules.constant(0.01));
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** Median and best ns per step, and the fewest bytes allocated by one timed call. */
    record Timing(double medianNs, double bestNs, long bytesPerStep) {}

    static Timing time(int steps, Runnable refresh, Runnable body) {
        for (int i = 0; i < 4; i++) {
            refresh.run();
            body.run();
        }
        long[] ns = new long[steps];
        long bytes = Long.MAX_VALUE;
        for (int i = 0; i < steps; i++) {
            refresh.run();
            long a0 = Allocations.current();
            long t0 = System.nanoTime();
            body.run();
            long t1 = System.nanoTime();
            long a1 = Allocations.current();
            ns[i] = t1 - t0;
            bytes = Math.min(bytes, a1 - a0);
        }
        Arrays.sort(ns);
        return new Timing(ns[steps / 2], ns[0], bytes);
    }

    static void report(String precision, String what, Timing t) {
        System.out.printf(Locale.ROOT, "%-26s %-30s %7.3f ns/param (best %6.3f)  %8.2f ms/step  %d B/step%n",
                precision, what, t.medianNs() / PARAMETERS, t.bestNs() / PARAMETERS, t.medianNs() / 1e6,
                t.bytesPerStep());
    }

    /** Adam's direction in place on g, m, v (same formula as scale_by_adam), as plain loops per dtype. */
    static void directAdam(Blocks g, Blocks m, Blocks v, int t) {
        double b1 = 0.9;
        double b2 = 0.999;
        double eps = 1e-8;
        double c1 = 1.0 / (1.0 - Math.pow(b1, t));
        double c2 = 1.0 / (1.0 - Math.pow(b2, t));
        for (int k = 0; k < g.count(); k++) {
            Tensor gt = g.tensor(k);
            if (gt.dtype() == DType.F64) {
                double[] ga = gt.doubleData();
                double[] ma = m.tensor(k).doubleData();
                double[] va = v.tensor(k).doubleData();
                for (int i = 0, n = ga.length; i < n; i++) {
                    double gi = ga[i];
                    double mi = b1 * ma[i] + (1 - b1) * gi;
                    double vi = b2 * va[i] + (1 - b2) * gi * gi;
                    ma[i] = mi;
                    va[i] = vi;
                    ga[i] = (mi * c1) / (Math.sqrt(vi * c2) + eps);
                }
            } else {
                float[] ga = gt.floatData();
                float[] ma = m.tensor(k).floatData();
                float[] va = v.tensor(k).floatData();
                for (int i = 0, n = ga.length; i < n; i++) {
                    double gi = ga[i];
                    double mi = b1 * ma[i] + (1 - b1) * gi;
                    double vi = b2 * va[i] + (1 - b2) * gi * gi;
                    ma[i] = (float) mi;
                    va[i] = (float) vi;
                    ga[i] = (float) ((mi * c1) / (Math.sqrt(vi * c2) + eps));
                }
            }
        }
    }

    /** The whole AdamW step x ← x − η(m̂/(√v̂ + ε) + λx) fused into one pass: the memory-traffic floor. */
    static void directAdamW(Blocks x, Blocks g, Blocks m, Blocks v, int t, double lr, double wd) {
        double b1 = 0.9;
        double b2 = 0.999;
        double eps = 1e-8;
        double c1 = 1.0 / (1.0 - Math.pow(b1, t));
        double c2 = 1.0 / (1.0 - Math.pow(b2, t));
        for (int k = 0; k < g.count(); k++) {
            Tensor gt = g.tensor(k);
            if (gt.dtype() == DType.F64) {
                double[] xa = x.tensor(k).doubleData();
                double[] ga = gt.doubleData();
                double[] ma = m.tensor(k).doubleData();
                double[] va = v.tensor(k).doubleData();
                for (int i = 0, n = ga.length; i < n; i++) {
                    double gi = ga[i];
                    double mi = b1 * ma[i] + (1 - b1) * gi;
                    double vi = b2 * va[i] + (1 - b2) * gi * gi;
                    ma[i] = mi;
                    va[i] = vi;
                    xa[i] -= lr * ((mi * c1) / (Math.sqrt(vi * c2) + eps) + wd * xa[i]);
                }
            } else {
                float[] xa = x.tensor(k).floatData();
                float[] ga = gt.floatData();
                float[] ma = m.tensor(k).floatData();
                float[] va = v.tensor(k).floatData();
                for (int i = 0, n = ga.length; i < n; i++) {
                    double gi = ga[i];
                    double mi = b1 * ma[i] + (1 - b1) * gi;
                    double vi = b2 * va[i] + (1 - b2) * gi * gi;
                    ma[i] = (float) mi;
                    va[i] = (float) vi;
                    xa[i] = (float) (xa[i] - lr * ((mi * c1) / (Math.sqrt(vi * c2) + eps) + wd * xa[i]));
                }
            }
        }
    }
}
