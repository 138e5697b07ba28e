package dev.curvature.nn.data;

import dev.curvature.core.Tensor;
import dev.curvature.core.random.RandomStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Mini-batches drawn without replacement: each epoch is a fresh seeded permutation of the examples,
 * cut into batches of a fixed size (the last, incomplete batch of an epoch is dropped, as torch's
 * {@code drop_last=True}, so every batch has the graph's shape). The sampler's state (random
 * stream, permutation, position) can be snapshotted for bitwise resume.
 */
public final class Batches implements BatchSource {
    private final Dataset data;
    private final int batch;
    private RandomStream rng;
    private int[] order;
    private int position;
    private long epoch;

    public Batches(Dataset data, int batch, long seed) {
        if (batch < 1 || batch > data.size()) {
            throw new IllegalArgumentException("batches: batch size " + batch + " is outside [1, " + data.size() + "]");
        }
        this.data = data;
        this.batch = batch;
        this.rng = RandomStream.of(seed);
        this.order = rng.permutation(data.size());
    }

    @Override
    public String name() {
        return data.name();
    }

    /** Copies the next batch's features and targets into {@code x} and {@code y} (any dtype, batch-first shapes). */
    @Override
    public void next(Tensor x, Tensor y) {
        if (position + batch > order.length) {
            order = rng.permutation(data.size());
            position = 0;
            epoch++;
        }
        int fs = data.featureSize();
        int ts = data.targetSize();
        Tensor xf = data.features();
        Tensor yf = data.targets();
        for (int b = 0; b < batch; b++) {
            int i = order[position + b];
            for (int j = 0; j < fs; j++) {
                x.setFlat(b * fs + j, xf.getFlat(i * fs + j));
            }
            for (int j = 0; j < ts; j++) {
                y.setFlat(b * ts + j, yf.getFlat(i * ts + j));
            }
        }
        position += batch;
    }

    /** Completed epochs. */
    public long epoch() {
        return epoch;
    }

    /** The sampler state as bytes. */
    @Override
    public byte[] snapshot() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            rng.snapshot().writeTo(out);
            out.writeInt(position);
            out.writeLong(epoch);
            out.writeInt(order.length);
            for (int v : order) {
                out.writeInt(v);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Restores a snapshot of a sampler over the same data. */
    @Override
    public void restore(byte[] snapshot) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot))) {
            rng = RandomStream.restore(RandomStream.State.readFrom(in));
            position = in.readInt();
            epoch = in.readLong();
            int n = in.readInt();
            if (n != data.size()) {
                throw new IllegalArgumentException("batches snapshot is for " + n + " examples, not " + data.size());
            }
            order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = in.readInt();
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("batches snapshot is truncated or corrupt", e);
        }
    }
}
