package dev.curvature.nn.bench;

import dev.curvature.core.DType;
import dev.curvature.core.Tensor;
import dev.curvature.core.backend.Backends;
import dev.curvature.core.random.RandomStream;
import dev.curvature.nn.Graph;
import dev.curvature.nn.data.Dataset;
import dev.curvature.nn.data.Datasets;
import dev.curvature.nn.models.CharTransformer;
import dev.curvature.nn.models.Mlp;
import dev.curvature.nn.Model;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.Optimizers;
import dev.curvature.optim.State;
import dev.curvature.optim.StepContext;
import dev.curvature.optim.Transform;
import dev.curvature.optim.schedule.Schedules;
import java.util.Arrays;
import java.util.Locale;

/**
 * Training-step benchmark of the nn module, the Java half of {@code bench/nn-vs-torch.sh} (its
 * PyTorch twin is {@code bench/peer/nn_peer.py}): the same model, batch, initialization scale and
 * optimizer, float32. Prints one line {@code MODEL median_ms min_ms max_ms} over the timed steps
 * after warm-up. A step is forward, backward and the AdamW update.
 *
 * <pre>
 * java -cp ... dev.curvature.nn.bench.NnBench transformer|mlp [warmup] [steps]
 * </pre>
 * Threads: {@code -Dcurvature.threads=N}. Transformer: vocabulary 83, context 64, 4 layers, width
 * 128, 4 heads, batch 32, random tokens. MLP: 784-512-512-10 ReLU, batch 128, MNIST batches when
 * installed (random pixels otherwise, which cost the same).
 */
public final class NnBench {
    private NnBench() {}

    public static void main(String[] args) {
        String which = args.length > 0 ? args[0] : "transformer";
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        Model model;
        int batch;
        if (which.equals("transformer")) {
            model = new CharTransformer(83, 64, 4, 128, 4);
            batch = 32;
        } else {
            model = new Mlp(784, new int[] {512, 512}, 10, Mlp.Activation.RELU);
            batch = 128;
        }
        Graph g = new Graph(DType.F32);
        Model.Built b = model.build(g, batch);
        Blocks x = g.parameters().zerosLike();
        model.initialize(x, RandomStream.of(0));
        Blocks grad = x.zerosLike();
        g.bind(x, grad);
        Transform opt = Optimizers.adamw(Schedules.constant(1e-3), 0.9, 0.999, 1e-8, Schedules.constant(0.01));
        State state = opt.init(x);
        StepContext ctx = new StepContext(null, RandomStream.of(1));
        RandomStream rng = RandomStream.of(2);
        Dataset mnist = null;
        if (which.equals("mlp")) {
            try {
                mnist = Datasets.images("mnist").train();
            } catch (RuntimeException e) {
                System.err.println("MNIST not installed, using random pixels: " + e.getMessage());
            }
        }
        double[] times = new double[steps];
        for (int s = 0; s < warmup + steps; s++) {
            fill(which, b, rng, mnist, batch);
            long t0 = System.nanoTime();
            g.forward(b.loss());
            g.backward(b.loss());
            ctx.begin(s, Double.NaN, x);
            opt.update(grad, state, ctx);
            x.add(grad);
            long t1 = System.nanoTime();
            if (s >= warmup) {
                times[s - warmup] = (t1 - t0) / 1e6;
            }
        }
        Arrays.sort(times);
        System.out.printf(Locale.ROOT, "%s %.3f %.3f %.3f java threads=%d backend=%s%n", which, times[steps / 2], times[0],
                times[steps - 1], Backends.current().threads(), Backends.current().name());
    }

    private static void fill(String which, Model.Built b, RandomStream rng, Dataset mnist, int batch) {
        Tensor in = b.input().value();
        Tensor y = b.target().value();
        if (which.equals("transformer")) {
            for (int i = 0; i < in.size(); i++) {
                in.setFlat(i, rng.nextInt(83));
                y.setFlat(i, rng.nextInt(83));
            }
        } else if (mnist != null) {
            int start = rng.nextInt(mnist.size() - batch);
            in.assign(mnist.features().slice(0, start, start + batch).reshape(batch, 784));
            y.assign(mnist.targets().slice(0, start, start + batch));
        } else {
            rng.fillUniform(in, 0, 1);
            for (int i = 0; i < batch; i++) {
                y.setFlat(i, rng.nextInt(10));
            }
        }
    }
}
