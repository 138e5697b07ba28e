package dev.curvature.nn.data;

import dev.curvature.core.Tensor;

/**
 * A seeded stream of training batches copied into a model's input and target buffers, with a
 * snapshot of its state so that a resumed run draws the same batches.
 */
public interface BatchSource {

    /** A short description of the data, e.g. {@code digits} or {@code moby-dick}. */
    String name();

    /** Copies the next batch into {@code x} and {@code y} (any dtype, batch-first shapes). */
    void next(Tensor x, Tensor y);

    /** The sampler state as bytes. */
    byte[] snapshot();

    /** Restores a {@link #snapshot()} of a sampler over the same data. */
    void restore(byte[] snapshot);
}
