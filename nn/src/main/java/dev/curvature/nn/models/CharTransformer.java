package dev.curvature.nn.models;

import dev.curvature.core.random.RandomStream;
import dev.curvature.nn.Graph;
import dev.curvature.nn.Model;
import dev.curvature.nn.Node;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.Check;
import dev.curvature.optim.Label;

/**
 * A decoder-only character-level transformer (GPT-2's layout, Radford et al. 2019, as in Karpathy's
 * nanoGPT): token and learned position embeddings, then per layer the pre-LN residual blocks
 * h ← h + Proj(Attn(LN₁(h))) and h ← h + W₂·GELU(W₁·LN₂(h)) (hidden width 4d), a final LayerNorm
 * and a linear head to the vocabulary; the loss is the mean next-character cross-entropy over all
 * B·T positions. The head is not tied to the token embedding, so embeddings and head are separate
 * blocks for the optimizers.
 *
 * <p>Labels: embeddings {@link Label#EMBEDDING}; the qkv, attention-output and MLP matrices
 * {@link Label#HIDDEN}; LayerNorm gains {@link Label#GAIN}; all biases {@link Label#BIAS}; the head
 * {@link Label#HEAD}. Initialization as nanoGPT: weights and embeddings N(0, 0.02²), the two
 * residual output projections of each block N(0, (0.02/√(2L))²), biases 0, gains 1.
 */
public final class CharTransformer implements Model {
    private final int vocab;
    private final int context;
    private final int layers;
    private final int width;
    private final int heads;

    public CharTransformer(int vocab, int context, int layers, int width, int heads) {
        Check.atLeast("char_transformer", "vocab", vocab, 2);
        Check.atLeast("char_transformer", "context", context, 1);
        Check.atLeast("char_transformer", "layers", layers, 1);
        Check.atLeast("char_transformer", "width", width, 1);
        Check.atLeast("char_transformer", "heads", heads, 1);
        if (width % heads != 0) {
            throw new IllegalArgumentException("char_transformer: width = " + width + " is not divisible by heads = "
                    + heads);
        }
        this.vocab = vocab;
        this.context = context;
        this.layers = layers;
        this.width = width;
        this.heads = heads;
    }

    @Override
    public String name() {
        return "char_transformer";
    }

    /** The context length T. */
    public int context() {
        return context;
    }

    @Override
    public int evalBatch() {
        return 32;
    }

    @Override
    public Built build(Graph g, int batch) {
        int d = width;
        Node idx = g.input("x", batch, context);
        Node y = g.input("y", batch, context);
        Node pos = g.input("positions", batch, context);
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < context; t++) {
                pos.value().set(t, b, t);
            }
        }
        Node wte = g.param("wte", Label.EMBEDDING, vocab, d);
        Node wpe = g.param("wpe", Label.EMBEDDING, context, d);
        Node h = g.add(g.embedding(idx, wte), g.embedding(pos, wpe));
        for (int l = 0; l < layers; l++) {
            String p = "h" + l + ".";
            Node a = g.layerNorm(h, g.param(p + "ln_1.weight", Label.GAIN, d), g.param(p + "ln_1.bias", Label.BIAS, d),
                    1e-5);
            Node qkv = g.linear(a, g.param(p + "attn.c_attn.weight", Label.HIDDEN, 3 * d, d),
                    g.param(p + "attn.c_attn.bias", Label.BIAS, 3 * d));
            Node att = g.linear(g.causalSelfAttention(qkv, heads),
                    g.param(p + "attn.c_proj.weight", Label.HIDDEN, d, d), g.param(p + "attn.c_proj.bias", Label.BIAS, d));
            h = g.add(h, att);
            Node m = g.layerNorm(h, g.param(p + "ln_2.weight", Label.GAIN, d), g.param(p + "ln_2.bias", Label.BIAS, d),
                    1e-5);
            Node f = g.gelu(g.linear(m, g.param(p + "mlp.c_fc.weight", Label.HIDDEN, 4 * d, d),
                    g.param(p + "mlp.c_fc.bias", Label.BIAS, 4 * d)));
            Node o = g.linear(f, g.param(p + "mlp.c_proj.weight", Label.HIDDEN, d, 4 * d),
                    g.param(p + "mlp.c_proj.bias", Label.BIAS, d));
            h = g.add(h, o);
        }
        h = g.layerNorm(h, g.param("ln_f.weight", Label.GAIN, d), g.param("ln_f.bias", Label.BIAS, d), 1e-5);
        Node logits = g.linear(h, g.param("head.weight", Label.HEAD, vocab, d), null);
        return new Built(idx, y, logits, g.softmaxCrossEntropy(logits, y));
    }

    @Override
    public void initialize(Blocks params, RandomStream rng) {
        double residual = 0.02 / Math.sqrt(2.0 * layers);
        for (Blocks.Block b : params) {
            String n = b.name();
            switch (b.label()) {
                case Label.GAIN -> b.tensor().fill(1.0);
                case Label.BIAS -> b.tensor().fill(0.0);
                default -> rng.fillNormal(b.tensor(), 0, n.endsWith("c_proj.weight") ? residual : 0.02);
            }
        }
    }
}
