package dev.curvature.nn;

import static dev.curvature.optim.registry.Registry.params;

import dev.curvature.core.DType;
import dev.curvature.nn.data.CharText;
import dev.curvature.nn.data.Dataset;
import dev.curvature.nn.data.Datasets;
import dev.curvature.nn.data.TextBatches;
import dev.curvature.nn.models.CharTransformer;
import dev.curvature.nn.models.Cnn;
import dev.curvature.nn.models.Mlp;
import dev.curvature.optim.Hyperparameters;
import dev.curvature.optim.Problem;
import dev.curvature.optim.registry.Component;
import dev.curvature.optim.registry.Registry;
import dev.curvature.optim.run.Monitor;
import dev.curvature.optim.run.MonitorRegistry;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The network training problems by name (a model on a data set, as a stochastic problem) and the
 * monitors that need a model: held-out accuracy and loss, and the secant smoothness proxy.
 * Specs write e.g. {@code problem: {name: char_transformer, text: moby-dick, layers: 2, width: 64}}.
 * The {@code seed} of a problem is the seed of its batch order; the run seed draws the weights.
 */
public final class NnRegistry {
    private static final List<String> ACTIVATIONS = List.of("relu", "tanh", "gelu");

    /** The problems. */
    public static final Registry<Problem> PROBLEMS = new Registry<Problem>("problems")
            .register(new Component<>("mlp", "multilayer perceptron classifier on an image set (digits, mnist, "
                    + "fashion-mnist), softmax cross-entropy", "Rumelhart, Hinton & Williams, Nature 1986",
                    params("dataset", "digits", "hidden", List.of(128L), "activation", "relu", "batch", 64L,
                            "seed", 0L, "dtype", "f32"),
                    NnRegistry::mlp))
            .register(new Component<>("cnn", "two conv-relu-pool blocks and a linear head on an image set",
                    "LeCun et al., Proc. IEEE 1998",
                    params("dataset", "digits", "c1", 8L, "c2", 16L, "batch", 64L, "seed", 0L, "dtype", "f32"),
                    NnRegistry::cnn))
            .register(new Component<>("char_transformer", "decoder-only character-level transformer (pre-LN GPT) "
                    + "on a text (moby-dick-1-9 shipped, moby-dick installed)", "Radford et al. 2019; nanoGPT",
                    params("text", "moby-dick-1-9", "context", 64L, "layers", 2L, "width", 64L, "heads", 4L,
                            "batch", 32L, "validation", 0.1, "seed", 0L, "dtype", "f32"),
                    NnRegistry::charTransformer));

    private static volatile boolean monitorsRegistered;

    private NnRegistry() {}

    /** Adds the model monitors to {@link MonitorRegistry#MONITORS} (once). */
    public static synchronized void registerMonitors() {
        if (monitorsRegistered) {
            return;
        }
        MonitorRegistry.MONITORS
                .register(new Component<Monitor>("test_accuracy", "accuracy on the held-out set of a model problem "
                        + "(column test_accuracy)", "-", params("max_examples", 0L),
                        h -> heldOut(h, true)))
                .register(new Component<Monitor>("test_loss", "loss on the held-out set of a model problem "
                        + "(column test_loss)", "-", params("max_examples", 0L),
                        h -> heldOut(h, false)))
                .register(new Component<Monitor>("smoothness_batch", "secant smoothness along the step w_k → w_{k+1} of batch S_k: "
                        + "‖∇f_{S_k}(w_{k+1}) − ∇f_{S_k}(w_k)‖/‖w_{k+1} − w_k‖ (column smoothness_batch) and the "
                        + "paper's consecutive-batch ‖∇f_{S_k}(w_{k+1}) − ∇f_{S_{k−1}}(w_k)‖/‖w_{k+1} − w_k‖ "
                        + "(column smoothness_stochastic), logged at step k + 1; use every: 1", "Alimisis, Islamov & Lucchi, arXiv 2510.03164 §3.2",
                        params("interval", 1L),
                        h -> new SecantSmoothnessMonitor((int) h.integer("interval"))));
        monitorsRegistered = true;
    }

    private static Monitor heldOut(Hyperparameters h, boolean accuracy) {
        long max = h.integer("max_examples");
        if (max < 0) {
            throw new IllegalArgumentException(h.owner() + ": max_examples = " + max + " is outside [0, ∞)");
        }
        String column = accuracy ? "test_accuracy" : "test_loss";
        return (problem, x, step) -> {
            if (!(problem instanceof ModelProblem mp) || mp.evaluation() == null) {
                throw new IllegalStateException(column + " monitor: problem '" + problem.name()
                        + "' has no held-out data");
            }
            Dataset d = mp.evaluation();
            if (max > 0 && max < d.size()) {
                d = d.slice(0, (int) max);
            }
            return Map.of(column, accuracy ? mp.accuracy(x, d) : mp.loss(x, d));
        };
    }

    private static ModelProblem mlp(Hyperparameters h) {
        Datasets.Split s = Datasets.images(h.text("dataset"));
        double[] hidden = h.numbers("hidden");
        int[] widths = new int[hidden.length];
        for (int i = 0; i < hidden.length; i++) {
            widths[i] = (int) hidden[i];
        }
        String act = h.text("activation").toLowerCase(Locale.ROOT);
        if (!ACTIVATIONS.contains(act)) {
            throw new IllegalArgumentException("mlp: activation = " + act + " is not one of " + ACTIVATIONS);
        }
        Mlp model = new Mlp(s.train().featureSize(), widths, s.train().classes(),
                Mlp.Activation.valueOf(act.toUpperCase(Locale.ROOT)));
        return new ModelProblem(model, s.train(), batch(h, s.train().size()), h.integer("seed"), dtype(h))
                .withEvaluation(s.test());
    }

    private static ModelProblem cnn(Hyperparameters h) {
        Datasets.Split s = Datasets.images(h.text("dataset"));
        int[] shape = s.train().features().shape();
        Cnn model = new Cnn(shape[1], shape[2], shape[3], (int) h.integer("c1"), (int) h.integer("c2"),
                s.train().classes());
        return new ModelProblem(model, s.train(), batch(h, s.train().size()), h.integer("seed"), dtype(h))
                .withEvaluation(s.test());
    }

    private static ModelProblem charTransformer(Hyperparameters h) {
        CharText text = Datasets.text(h.text("text"));
        int context = (int) h.integer("context");
        CharTransformer model = new CharTransformer(text.vocabularySize(), context, (int) h.integer("layers"),
                (int) h.integer("width"), (int) h.integer("heads"));
        int split = text.splitPoint(h.number("validation"));
        int batch = batch(h, Integer.MAX_VALUE);
        TextBatches source = new TextBatches(text.name(), text.range(0, split), batch, context, h.integer("seed"));
        ModelProblem p = new ModelProblem(model, source, batch, dtype(h));
        return split < text.length() - context ? p.withEvaluation(text.windows(split, text.length(), context)) : p;
    }

    private static int batch(Hyperparameters h, int max) {
        long b = h.integer("batch");
        if (b < 1 || b > max) {
            throw new IllegalArgumentException(h.owner() + ": batch = " + b + " is outside [1, " + max + "]");
        }
        return (int) b;
    }

    private static DType dtype(Hyperparameters h) {
        String s = h.text("dtype").toLowerCase(Locale.ROOT);
        return switch (s) {
            case "f32", "float32" -> DType.F32;
            case "f64", "float64" -> DType.F64;
            default -> throw new IllegalArgumentException(h.owner() + ": dtype = " + s + " is not one of f32, f64");
        };
    }
}
