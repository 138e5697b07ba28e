package dev.curvature.nn.data;

import dev.curvature.core.DType;
import dev.curvature.core.Limit;
import dev.curvature.core.ShapeException;
import dev.curvature.core.Tensor;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * The IDX format of MNIST and Fashion-MNIST (LeCun et al., http://yann.lecun.com/exdb/mnist/):
 * a big-endian int magic 0x000008DD whose third byte 0x08 says unsigned bytes and whose low byte
 * DD is the number of dimensions, then one big-endian int per dimension, then the data in row-major
 * order. Files ending in {@code .gz} are read through gzip (the Debian Fashion-MNIST package).
 */
public final class Idx {
    private Idx() {}

    /** Reads an unsigned-byte IDX file as a float32 tensor of its shape (values 0..255). */
    public static Tensor read(Path file) {
        try (InputStream raw = Files.newInputStream(file)) {
            InputStream in = new BufferedInputStream(raw, 1 << 16);
            if (file.getFileName().toString().endsWith(".gz")) {
                in = new GZIPInputStream(in, 1 << 16);
            }
            return read(in, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read IDX file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads an unsigned-byte IDX stream ({@code source} names it in messages). */
    public static Tensor read(InputStream stream, String source) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        int magic = in.readInt();
        if ((magic >>> 16) != 0 || ((magic >>> 8) & 0xFF) != 0x08) {
            throw new IOException(source + ": magic 0x" + Integer.toHexString(magic)
                    + " is not an unsigned-byte IDX file (expected 0x000008NN)");
        }
        int rank = magic & 0xFF;
        if (rank < 1 || rank > 4) {
            throw new IOException(source + ": " + rank + " dimensions (expected 1 to 4)");
        }
        int[] shape = new int[rank];
        long size = 1;
        for (int i = 0; i < rank; i++) {
            shape[i] = in.readInt();
            if (shape[i] < 0) {
                throw new IOException(source + ": negative dimension " + shape[i]);
            }
            size = size < 0 ? size : product(size, shape[i]);
        }
        Limit.ELEMENTS.check(size, "IDX file " + source + " (shape " + Tensor.shapeString(shape) + ")");
        if (size > Integer.MAX_VALUE - 8) {
            throw new IOException(source + ": " + size + " elements are more than one array holds");
        }
        // Read before allocating the tensor, so that a header alone cannot claim the memory.
        byte[] bytes = in.readNBytes((int) size);
        if (bytes.length < size) {
            throw new IOException(source + ": truncated, expected " + size + " data bytes, found " + bytes.length);
        }
        Tensor t;
        try {
            t = Tensor.zeros(DType.F32, shape);
        } catch (ShapeException e) {
            throw new IOException(source + ": " + e.getMessage(), e);
        }
        float[] f = t.floatData();
        for (int i = 0; i < bytes.length; i++) {
            f[i] = bytes[i] & 0xFF;
        }
        return t;
    }

    /** {@code a × b}, or −1 (more than a long holds, as {@link Limit#check} reads it) on overflow. */
    private static long product(long a, int b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            return -1;
        }
    }

    /**
     * Images [n, rows, cols] and labels [n] as a dataset with features [n, 1, rows, cols] scaled to
     * [0, 1] (÷255) and the label values as classes.
     */
    public static Dataset dataset(String name, Path images, Path labels, int classes) {
        Tensor x = read(images);
        Tensor y = read(labels);
        if (x.rank() != 3 || y.rank() != 1 || x.dim(0) != y.dim(0)) {
            throw new IllegalArgumentException(name + ": images " + Tensor.shapeString(x.shape()) + " and labels "
                    + Tensor.shapeString(y.shape()) + " do not pair up as [n, rows, cols] and [n]");
        }
        x.scale(1.0 / 255);
        return new Dataset(name, x.reshape(x.dim(0), 1, x.dim(1), x.dim(2)), y, classes);
    }
}
