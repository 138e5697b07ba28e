package dev.curvature.nn.contrib;

import static dev.curvature.optim.registry.Param.choice;
import static dev.curvature.optim.registry.Param.integer;
import static dev.curvature.optim.registry.Param.integers;
import static dev.curvature.optim.registry.Param.number;
import static dev.curvature.optim.registry.Param.text;

import dev.curvature.core.DType;
import dev.curvature.core.Limit;
import dev.curvature.nn.ModelProblem;
import dev.curvature.nn.SecantSmoothnessMonitor;
import dev.curvature.nn.data.CharText;
import dev.curvature.nn.data.Dataset;
import dev.curvature.nn.data.Datasets;
import dev.curvature.nn.data.TextBatches;
import dev.curvature.nn.models.CharTransformer;
import dev.curvature.nn.models.Cnn;
import dev.curvature.nn.models.Mlp;
import dev.curvature.optim.HyperparameterException;
import dev.curvature.optim.Hyperparameters;
import dev.curvature.optim.Problem;
import dev.curvature.optim.registry.Component;
import dev.curvature.optim.registry.Param;
import dev.curvature.optim.registry.Registry;
import dev.curvature.optim.run.Monitor;
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

    private NnRegistry() {}

    /** Registers mlp, cnn and char_transformer. */
    public static void registerProblems(Registry<Problem> r) {
        r.register(new Component<Problem>("mlp", "multilayer perceptron classifier on an image set (digits, mnist, "
                    + "fashion-mnist), softmax cross-entropy", "Rumelhart, Hinton & Williams, Nature 1986",
                    List.of(dataset(), integers("hidden", List.of(128L)).atLeast(1).doc("widths of the hidden layers"),
                            choice("activation", "relu", "relu", "tanh", "gelu").doc("activation of the hidden layers"),
                            batch(64L), seed(), dtype()),
                    NnRegistry::mlp)
                    .sized("max(batch, hidden) × max(hidden)", h -> {
                        long widest = java.util.Arrays.stream(h.integers("hidden")).max().orElse(1);
                        return Limit.product(Math.max(h.integer("batch"), widest), widest);
                    }))
            .register(new Component<Problem>("cnn", "two conv-relu-pool blocks and a linear head on an image set",
                    "LeCun et al., Proc. IEEE 1998",
                    List.of(dataset(), integer("c1", 8L).atLeast(1).doc("channels of the first convolution"),
                            integer("c2", 16L).atLeast(1).doc("channels of the second convolution"), batch(64L), seed(),
                            dtype()),
                    NnRegistry::cnn)
                    .sized("batch × max(c1, c2) × 28 × 28 (the largest shipped images)", h -> Limit.product(
                            h.integer("batch"), Math.max(h.integer("c1"), h.integer("c2")), 28, 28)))
            .register(new Component<Problem>("char_transformer", "decoder-only character-level transformer (pre-LN GPT) "
                    + "on a text (moby-dick-1-9 shipped, moby-dick installed)", "Radford et al. 2019; nanoGPT",
                    List.of(text("text", "moby-dick-1-9").doc("name of the text (moby-dick-1-9 or moby-dick)"),
                            integer("context", 64L).atLeast(1).doc("characters per sequence"),
                            integer("layers", 2L).atLeast(1).doc("transformer blocks"),
                            integer("width", 64L).atLeast(1).symbol("d").doc("model width"),
                            integer("heads", 4L).atLeast(1).doc("attention heads"), batch(32L),
                            number("validation", 0.1).unit().doc("fraction of the text held out"), seed(), dtype()),
                    NnRegistry::charTransformer)
                    .sized("max(batch × heads × context², batch × context × 4 × width, 4 × width²)", h -> Math.max(
                            Limit.product(h.integer("batch"), h.integer("heads"), h.integer("context"),
                                    h.integer("context")),
                            Math.max(Limit.product(h.integer("batch"), h.integer("context"), 4, h.integer("width")),
                                    Limit.product(4, h.integer("width"), h.integer("width"))))));
    }

    /** Registers the model monitors test_accuracy, test_loss and smoothness_batch. */
    public static void registerMonitors(Registry<Monitor> r) {
        r.register(new Component<Monitor>("test_accuracy", "accuracy on the held-out set of a model problem "
                        + "(column test_accuracy)", "-", List.of(maxExamples()),
                        h -> heldOut(h, true)))
                .register(new Component<Monitor>("test_loss", "loss on the held-out set of a model problem "
                        + "(column test_loss)", "-", List.of(maxExamples()),
                        h -> heldOut(h, false)))
                .register(new Component<Monitor>("smoothness_batch", "secant smoothness along the step w_k → w_{k+1} of batch S_k: "
                        + "‖∇f_{S_k}(w_{k+1}) − ∇f_{S_k}(w_k)‖/‖w_{k+1} − w_k‖ (column smoothness_batch) and the "
                        + "paper's consecutive-batch ‖∇f_{S_k}(w_{k+1}) − ∇f_{S_{k−1}}(w_k)‖/‖w_{k+1} − w_k‖ "
                        + "(column smoothness_stochastic), logged at step k + 1; use every: 1", "Alimisis, Islamov & Lucchi, arXiv 2510.03164 §3.2",
                        List.of(integer("interval", 1L).atLeast(1).doc("steps between the two points")),
                        h -> new SecantSmoothnessMonitor(h.intValue("interval"))));
    }

    private static Param dataset() {
        return text("dataset", "digits").doc("image set: digits, mnist or fashion-mnist");
    }

    private static Param batch(long dflt) {
        return integer("batch", dflt).atLeast(1).symbol("B").doc("examples per step");
    }

    private static Param seed() {
        return integer("seed", 0L).doc("seed of the batch order");
    }

    private static Param dtype() {
        return choice("dtype", "f32", "f32", "f64", "float32", "float64").doc("element type of the weights and data");
    }

    private static Param maxExamples() {
        return integer("max_examples", 0L).atLeast(0).doc("held-out examples used (0: all)");
    }

    private static Monitor heldOut(Hyperparameters h, boolean accuracy) {
        long max = h.integer("max_examples");
        if (max < 0) {
            throw new HyperparameterException(h.owner(), "max_examples", h.owner() + ": max_examples = " + max + " is outside [0, ∞)");
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
            throw new HyperparameterException("mlp", "activation", "mlp: activation = " + act + " is not one of " + ACTIVATIONS);
        }
        Mlp model = new Mlp(s.train().featureSize(), widths, s.train().classes(),
                Mlp.Activation.valueOf(act.toUpperCase(Locale.ROOT)));
        return new ModelProblem(model, s.train(), batch(h, s.train().size()), h.integer("seed"), dtype(h))
                .withEvaluation(s.test());
    }

    private static ModelProblem cnn(Hyperparameters h) {
        Datasets.Split s = Datasets.images(h.text("dataset"));
        int[] shape = s.train().features().shape();
        Cnn model = new Cnn(shape[1], shape[2], shape[3], h.intValue("c1"), h.intValue("c2"),
                s.train().classes());
        return new ModelProblem(model, s.train(), batch(h, s.train().size()), h.integer("seed"), dtype(h))
                .withEvaluation(s.test());
    }

    private static ModelProblem charTransformer(Hyperparameters h) {
        CharText text = Datasets.text(h.text("text"));
        int context = h.intValue("context");
        CharTransformer model = new CharTransformer(text.vocabularySize(), context, h.intValue("layers"),
                h.intValue("width"), h.intValue("heads"));
        int split = text.splitPoint(h.number("validation"));
        int batch = batch(h, Integer.MAX_VALUE);
        TextBatches source = new TextBatches(text.name(), text.range(0, split), batch, context, h.integer("seed"));
        ModelProblem p = new ModelProblem(model, source, batch, dtype(h));
        return split < text.length() - context ? p.withEvaluation(text.windows(split, text.length(), context)) : p;
    }

    private static int batch(Hyperparameters h, int max) {
        long b = h.integer("batch");
        if (b < 1 || b > max) {
            throw new HyperparameterException(h.owner(), "batch", h.owner() + ": batch = " + b + " is outside [1, " + max + "]");
        }
        return (int) b;
    }

    private static DType dtype(Hyperparameters h) {
        String s = h.text("dtype").toLowerCase(Locale.ROOT);
        return switch (s) {
            case "f32", "float32" -> DType.F32;
            case "f64", "float64" -> DType.F64;
            default -> throw new HyperparameterException(h.owner(), "dtype", h.owner() + ": dtype = " + s + " is not one of f32, f64");
        };
    }
}
