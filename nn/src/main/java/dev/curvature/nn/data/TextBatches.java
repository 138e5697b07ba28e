package dev.curvature.nn.data;

import dev.curvature.core.DType;
import dev.curvature.core.Tensor;
import dev.curvature.core.random.RandomStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Next-character batches from a token sequence, as nanoGPT's {@code get_batch}: each of the B rows
 * starts at an offset drawn uniformly from [0, n − T − 1] (seeded), the input is the T tokens from
 * there and the target the T tokens one position later.
 */
public final class TextBatches implements BatchSource {
    private final String name;
    private final int[] tokens;
    private final int batch;
    private final int context;
    private RandomStream rng;

    /**
     * @param tokens  the training tokens
     * @param context the sequence length T
     */
    public TextBatches(String name, int[] tokens, int batch, int context, long seed) {
        if (tokens.length < context + 1) {
            throw new IllegalArgumentException(name + ": " + tokens.length + " tokens are fewer than context + 1 = "
                    + (context + 1));
        }
        if (batch < 1) {
            throw new IllegalArgumentException(name + ": batch = " + batch + " is outside [1, ∞)");
        }
        this.name = name;
        this.tokens = tokens.clone();
        this.batch = batch;
        this.context = context;
        this.rng = RandomStream.of(seed);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void next(Tensor x, Tensor y) {
        if (x.size() != batch * context || y.size() != batch * context) {
            throw new IllegalArgumentException(name + ": batch buffers " + Tensor.shapeString(x.shape()) + " and "
                    + Tensor.shapeString(y.shape()) + " are not [" + batch + ", " + context + "]");
        }
        int span = tokens.length - context;
        for (int b = 0; b < batch; b++) {
            int start = rng.nextInt(span);
            for (int t = 0; t < context; t++) {
                put(x, b * context + t, tokens[start + t]);
                put(y, b * context + t, tokens[start + t + 1]);
            }
        }
    }

    private static void put(Tensor t, int i, int v) {
        if (t.dtype() == DType.F32 && t.isContiguous()) {
            t.floatData()[t.offset() + i] = v;
        } else {
            t.setFlat(i, v);
        }
    }

    @Override
    public byte[] snapshot() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            rng.snapshot().writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @Override
    public void restore(byte[] snapshot) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot))) {
            rng = RandomStream.restore(RandomStream.State.readFrom(in));
        } catch (IOException e) {
            throw new IllegalArgumentException("text batches snapshot is truncated or corrupt", e);
        }
    }
}
