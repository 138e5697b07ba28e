package dev.curvature.nn;

import dev.curvature.core.DType;
import dev.curvature.core.Tensor;
import dev.curvature.core.random.RandomStream;
import dev.curvature.nn.data.BatchSource;
import dev.curvature.nn.data.Batches;
import dev.curvature.nn.data.Dataset;
import dev.curvature.nn.Model;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.Problem;
import java.util.HashMap;
import java.util.Map;

/**
 * Training a {@link Model} on data as a stochastic optimization problem: each
 * {@link #valueAndGradient} draws the next mini-batch from its {@link BatchSource} (seeded
 * shuffling of a {@link Dataset} by {@link Batches}, or random windows of a text) and returns the
 * batch loss and its exact gradient by backpropagation. {@link #value} and
 * {@link #hessianVectorProduct} use the current batch, so curvature monitors see the same function
 * as the step. The batch sampler is part of the run's checkpoints ({@link Problem.Stateful}).
 *
 * <p>Hessian-vector products use central differences of exact gradients,
 * H·v ≈ (∇f(x + εv) − ∇f(x − εv)) / (2ε) with ε = ∛(u)·(1 + ‖x‖)/‖v‖ (u the unit roundoff of the
 * dtype): the truncation error is O(ε²‖∇³f‖) and the rounding error O(u/ε), balanced at ε ∝ ∛u,
 * which gives about 2/3 of the dtype's digits (≈ 1e-10 relative in float64). Forward-over-reverse
 * differentiation would be exact, at the cost of a second set of kernels for every operation.
 */
public final class ModelProblem implements Problem, Problem.Stateful {
    private final Model model;
    private final String dataName;
    private final int batch;
    private final DType dtype;
    private final Graph graph;
    private final Model.Built built;
    private final BatchSource batches;
    private Dataset evaluation;
    private final Map<Integer, Graph> evalGraphs = new HashMap<>();
    private final Map<Integer, Model.Built> evalBuilt = new HashMap<>();
    private final Map<Graph, Blocks> evalGrads = new HashMap<>();
    private final Blocks scratchGrad;
    private Blocks hvpPoint;
    private Blocks hvpGrad;
    private boolean haveBatch;
    private Batch aside;

    /**
     * @param dataSeed seed of the mini-batch order (the run seed draws the initial weights)
     */
    public ModelProblem(Model model, Dataset train, int batch, long dataSeed, DType dtype) {
        this(model, new Batches(train, batch, dataSeed), batch, dtype);
    }

    /** Training on the batches of {@code source}, which fills inputs and targets of {@code batch} examples. */
    public ModelProblem(Model model, BatchSource source, int batch, DType dtype) {
        this.model = model;
        this.dataName = source.name();
        this.batch = batch;
        this.dtype = dtype;
        this.graph = new Graph(dtype);
        this.built = model.build(graph, batch);
        this.batches = source;
        this.scratchGrad = graph.parameters().zerosLike();
    }

    /** Sets the held-out data that {@link #evaluationLoss} and {@link #evaluationAccuracy} use; returns this. */
    public ModelProblem withEvaluation(Dataset heldOut) {
        this.evaluation = heldOut;
        return this;
    }

    /** The held-out data, or null. */
    public Dataset evaluation() {
        return evaluation;
    }

    @Override
    public String name() {
        return model.name() + "@" + dataName;
    }

    /** Examples per training batch. */
    public int batchSize() {
        return batch;
    }

    /** The model. */
    public Model model() {
        return model;
    }

    /** The training graph (batch-sized). */
    public Graph graph() {
        return graph;
    }

    @Override
    public Blocks initialPoint(RandomStream rng) {
        Blocks x = graph.parameters().zerosLike();
        model.initialize(x, rng);
        return x;
    }

    @Override
    public double valueAndGradient(Blocks x, Blocks grad) {
        batches.next(built.input().value(), built.target().value());
        haveBatch = true;
        return evaluate(x, grad);
    }

    @Override
    public double value(Blocks x) {
        ensureBatch();
        graph.bind(x, scratchGrad);
        return graph.forward(built.loss());
    }

    /** Loss and gradient on the current batch at x (no new batch drawn). */
    public double evaluate(Blocks x, Blocks grad) {
        ensureBatch();
        graph.bind(x, grad);
        double loss = graph.forward(built.loss());
        graph.backward(built.loss());
        return loss;
    }

    /**
     * The inputs and targets of one training batch, copied out of the problem by {@link #copyBatch}
     * so that it can be evaluated again ({@link #evaluate(Batch, Blocks, Blocks)}) after later
     * batches were drawn.
     */
    public static final class Batch {
        private final Tensor input;
        private final Tensor target;

        private Batch(Tensor input, Tensor target) {
            this.input = input;
            this.target = target;
        }

        /** The input and target tensors themselves (not copies), as blocks {@code input} and {@code target}. */
        public Blocks blocks() {
            return Blocks.builder().add("input", input).add("target", target).build();
        }
    }

    /** A batch of zeros shaped like this problem's training batches; draws nothing. */
    public Batch emptyBatch() {
        return new Batch(Tensor.zerosLike(built.input().value()), Tensor.zerosLike(built.target().value()));
    }

    /**
     * Copies the current batch into {@code into} (a new {@link Batch} when null; it must come from
     * this problem) and returns it. Draws the first batch if none was drawn yet.
     */
    public Batch copyBatch(Batch into) {
        ensureBatch();
        if (into == null) {
            return new Batch(built.input().value().copy(), built.target().value().copy());
        }
        into.input.assign(built.input().value());
        into.target.assign(built.target().value());
        return into;
    }

    /**
     * Loss and gradient at x on a batch copied earlier by {@link #copyBatch}; the current batch is
     * left as it was (it is copied aside and put back).
     */
    public double evaluate(Batch batch, Blocks x, Blocks grad) {
        ensureBatch();
        aside = copyBatch(aside);
        built.input().value().assign(batch.input);
        built.target().value().assign(batch.target);
        try {
            return evaluate(x, grad);
        } finally {
            built.input().value().assign(aside.input);
            built.target().value().assign(aside.target);
        }
    }

    @Override
    public boolean hasHessianVectorProduct() {
        return true;
    }

    @Override
    public void hessianVectorProduct(Blocks x, Blocks v, Blocks out) {
        double vn = v.norm();
        if (vn == 0) {
            out.fill(0.0);
            return;
        }
        if (hvpPoint == null) {
            hvpPoint = x.zerosLike();
            hvpGrad = x.zerosLike();
        }
        double u = dtype == DType.F32 ? 0x1p-24 : 0x1p-53;
        double eps = Math.cbrt(u) * (1 + x.norm()) / vn;
        hvpPoint.assign(x).addScaled(eps, v);
        evaluate(hvpPoint, out);
        hvpPoint.assign(x).addScaled(-eps, v);
        evaluate(hvpPoint, hvpGrad);
        out.addScaled(-1.0, hvpGrad).scale(1.0 / (2 * eps));
    }

    /** Fraction of examples of {@code data} whose arg-max output equals the label, at parameters x. */
    public double accuracy(Blocks x, Dataset data) {
        int correct = 0;
        int n = data.size();
        int step = model.evalBatch();
        for (int start = 0; start < n; start += step) {
            int len = Math.min(step, n - start);
            Graph g = evalGraph(len);
            Model.Built b = evalBuilt.get(len);
            g.bind(x, scratchGradFor(g));
            Dataset part = data.slice(start, start + len);
            b.input().value().assign(part.features().reshape(b.input().shape()).to(dtype));
            g.forward(b.output());
            Tensor out = b.output().value();
            int classes = out.dim(-1);
            int perExample = out.size() / classes / len;
            for (int i = 0; i < len * perExample; i++) {
                int arg = 0;
                double best = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < classes; c++) {
                    double z = out.getFlat(i * classes + c);
                    if (z > best) {
                        best = z;
                        arg = c;
                    }
                }
                if (arg == (int) part.targets().getFlat(i)) {
                    correct++;
                }
            }
        }
        return (double) correct / ((double) n * data.targetSize());
    }

    /** Mean loss over all examples of {@code data} at parameters x (in evaluation batches). */
    public double loss(Blocks x, Dataset data) {
        int n = data.size();
        int step = model.evalBatch();
        double total = 0;
        for (int start = 0; start < n; start += step) {
            int len = Math.min(step, n - start);
            Graph g = evalGraph(len);
            Model.Built b = evalBuilt.get(len);
            g.bind(x, scratchGradFor(g));
            Dataset part = data.slice(start, start + len);
            b.input().value().assign(part.features().reshape(b.input().shape()).to(dtype));
            b.target().value().assign(part.targets().reshape(b.target().shape()).to(dtype));
            total += g.forward(b.loss()) * len;
        }
        return total / n;
    }

    /** {@link #loss(Blocks, Dataset)} on the held-out data. */
    public double evaluationLoss(Blocks x) {
        return loss(x, requireEvaluation());
    }

    /** {@link #accuracy(Blocks, Dataset)} on the held-out data. */
    public double evaluationAccuracy(Blocks x) {
        return accuracy(x, requireEvaluation());
    }

    private Dataset requireEvaluation() {
        if (evaluation == null) {
            throw new IllegalStateException(name() + " has no held-out data to evaluate on");
        }
        return evaluation;
    }

    private Graph evalGraph(int size) {
        return evalGraphs.computeIfAbsent(size, s -> {
            Graph g = new Graph(dtype);
            evalBuilt.put(s, model.build(g, s));
            return g;
        });
    }

    private Blocks scratchGradFor(Graph g) {
        return evalGrads.computeIfAbsent(g, k -> k.parameters().zerosLike());
    }

    private void ensureBatch() {
        if (!haveBatch) {
            batches.next(built.input().value(), built.target().value());
            haveBatch = true;
        }
    }

    @Override
    public byte[] snapshot() {
        byte[] b = batches.snapshot();
        byte[] out = new byte[b.length + 1];
        out[0] = (byte) (haveBatch ? 1 : 0);
        System.arraycopy(b, 0, out, 1, b.length);
        return out;
    }

    @Override
    public void restore(byte[] snapshot) {
        if (snapshot.length == 0) {
            throw new IllegalArgumentException("model problem state is empty: a snapshot holds at least its batch flag");
        }
        byte[] b = new byte[snapshot.length - 1];
        System.arraycopy(snapshot, 1, b, 0, b.length);
        batches.restore(b);
        // The current batch's data are not in the snapshot: the next valueAndGradient draws a fresh one.
        haveBatch = false;
    }
}
