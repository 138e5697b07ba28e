package dev.curvature.core.random;

import dev.curvature.core.DType;
import dev.curvature.core.Tensor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;

/**
 * A seeded, splittable stream of random numbers whose output depends on nothing but its seed:
 * the same seed gives the same numbers on every run, JVM, platform and BLAS backend.
 *
 * <p>Generator: xoshiro256** (Blackman &amp; Vigna, "Scrambled linear pseudorandom number
 * generators", ACM TOMS 2021), seeded through SplitMix64. It is written here rather than taken from
 * {@code java.util.random} because its four-word state must be snapshotted and restored for
 * bitwise resume after a crash, which the JDK generators do not expose. Normal deviates use
 * Marsaglia's polar method with {@link StrictMath#log}, so they are also bit-reproducible.
 *
 * <p>Two ways to derive streams: {@link #fork(long)} gives the stream identified by a key and the
 * root seed, whatever has been drawn so far (use it for per-run, per-worker or per-layer streams);
 * {@link #split()} draws a fresh independent stream from the current state.
 */
public final class RandomStream {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    /** The identity of this stream, from which {@link #fork(long)} derives children. */
    private final long key;
    private long s0;
    private long s1;
    private long s2;
    private long s3;
    private boolean hasSpare;
    private double spare;

    private RandomStream(long key) {
        this.key = key;
        long x = key;
        s0 = splitMix(x += GOLDEN);
        s1 = splitMix(x += GOLDEN);
        s2 = splitMix(x += GOLDEN);
        s3 = splitMix(x + GOLDEN);
    }

    /** The stream for {@code seed}. */
    public static RandomStream of(long seed) {
        return new RandomStream(seed);
    }

    /**
     * The child stream for {@code childKey}: a function of this stream's seed and the key only, not
     * of the numbers drawn so far. {@code of(s).fork(a).fork(b)} names a stream by the path (s, a, b).
     */
    public RandomStream fork(long childKey) {
        return new RandomStream(splitMix(key ^ splitMix(childKey + GOLDEN)));
    }

    /** A new independent stream seeded from this stream's next output (advances this stream). */
    public RandomStream split() {
        return new RandomStream(nextLong());
    }

    // ------------------------------------------------------------------ scalars

    /** 64 uniformly random bits (xoshiro256**). */
    public long nextLong() {
        long result = Long.rotateLeft(s1 * 5, 7) * 9;
        long t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = Long.rotateLeft(s3, 45);
        return result;
    }

    /** Uniform on [0, 1) with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform integer in [0, bound), without modulo bias (Lemire's method). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound = " + bound + ": must be > 0");
        }
        long m = (nextLong() >>> 32) * bound;
        long low = m & 0xFFFFFFFFL;
        if (low < bound) {
            long threshold = (0x1_0000_0000L - bound) % bound;
            while (low < threshold) {
                m = (nextLong() >>> 32) * bound;
                low = m & 0xFFFFFFFFL;
            }
        }
        return (int) (m >>> 32);
    }

    /** Standard normal deviate (Marsaglia's polar method; the second deviate of each pair is kept). */
    public double nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spare;
        }
        double u;
        double v;
        double s;
        do {
            u = 2 * nextDouble() - 1;
            v = 2 * nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double mul = Math.sqrt(-2 * StrictMath.log(s) / s);
        spare = v * mul;
        hasSpare = true;
        return u * mul;
    }

    // ------------------------------------------------------------------ tensors

    /** Fills {@code t} with independent uniforms on [lo, hi). */
    public Tensor fillUniform(Tensor t, double lo, double hi) {
        if (!(lo <= hi) || !Double.isFinite(hi - lo)) {
            throw new IllegalArgumentException("uniform range [" + lo + ", " + hi + ") is invalid");
        }
        for (int i = 0, n = t.size(); i < n; i++) {
            t.setFlat(i, lo + (hi - lo) * nextDouble());
        }
        return t;
    }

    /** Fills {@code t} with independent N(mean, std²) deviates. */
    public Tensor fillNormal(Tensor t, double mean, double std) {
        if (!(std >= 0) || !Double.isFinite(std) || !Double.isFinite(mean)) {
            throw new IllegalArgumentException("normal(mean = " + mean + ", std = " + std + ") is invalid");
        }
        for (int i = 0, n = t.size(); i < n; i++) {
            t.setFlat(i, mean + std * nextGaussian());
        }
        return t;
    }

    /** Fills {@code t} with a point uniform on the sphere of the given radius (all elements are one point). */
    public Tensor uniformOnSphere(Tensor t, double radius) {
        requireRadius(radius);
        if (t.size() == 0) {
            throw new IllegalArgumentException("uniformOnSphere: the tensor has no elements");
        }
        double norm;
        do {
            fillNormal(t, 0.0, 1.0);
            norm = t.norm();
        } while (norm == 0.0);
        return t.scale(radius / norm);
    }

    /**
     * Fills {@code t} with a point uniform in the ball B₀(radius) of dimension d = t.size():
     * ξ = radius·U^{1/d}·v/‖v‖ with v ~ N(0, I_d) and U ~ Uniform(0, 1).
     */
    public Tensor uniformInBall(Tensor t, double radius) {
        requireRadius(radius);
        uniformOnSphere(t, 1.0);
        double u = nextDouble();
        return t.scale(radius * Math.pow(u, 1.0 / t.size()));
    }

    /**
     * A rows×cols matrix with orthonormal columns (rows ≥ cols) or rows (rows &lt; cols), distributed
     * uniformly (Haar measure on the Stiefel manifold; for a square matrix, on O(n)). Computed as the
     * Q factor of a Gaussian matrix with the signs of diag(R) moved into Q (Mezzadri, "How to generate
     * random matrices from the classical compact groups", Notices AMS 2007), in float64 by a pure-Java
     * Householder QR so the result is the same on every backend.
     */
    public Tensor haarOrthogonal(DType dtype, int rows, int cols) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("haarOrthogonal: shape [" + rows + ", " + cols + "] is invalid");
        }
        boolean wide = rows < cols;
        int m = wide ? cols : rows;
        int n = wide ? rows : cols;
        double[][] a = new double[n][m]; // column-major: a[j] is column j
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                a[j][i] = nextGaussian();
            }
        }
        double[][] q = HouseholderQ.thinQ(a, m, n);
        Tensor out = Tensor.zeros(dtype, rows, cols);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                if (wide) {
                    out.set(q[j][i], j, i);
                } else {
                    out.set(q[j][i], i, j);
                }
            }
        }
        return out;
    }

    /** A uniformly random permutation of 0..n−1 (Fisher–Yates). */
    public int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        shuffle(p);
        return p;
    }

    /** Shuffles {@code a} in place (Fisher–Yates). */
    public void shuffle(int[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int tmp = a[i];
            a[i] = a[j];
            a[j] = tmp;
        }
    }

    // ------------------------------------------------------------------ snapshots

    /**
     * The complete state of a stream; restoring it replays the same numbers. Its stored form
     * ({@link #writeTo}, {@link #BYTES} bytes) is the one in every run checkpoint and sampler
     * snapshot: key, s0, s1, s2, s3 as big-endian longs, then hasSpare as one byte and spare as a
     * double ({@link DataOutput} encoding). Changing it would make stored checkpoints unreadable.
     */
    public record State(long key, long s0, long s1, long s2, long s3, boolean hasSpare, double spare)
            implements Serializable {

        /** Length of the stored form. */
        public static final int BYTES = 5 * Long.BYTES + 1 + Double.BYTES;

        /** Writes the stored form. */
        public void writeTo(DataOutput out) throws IOException {
            out.writeLong(key);
            out.writeLong(s0);
            out.writeLong(s1);
            out.writeLong(s2);
            out.writeLong(s3);
            out.writeBoolean(hasSpare);
            out.writeDouble(spare);
        }

        /** Reads a state written by {@link #writeTo}. */
        public static State readFrom(DataInput in) throws IOException {
            return new State(in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readLong(),
                    in.readBoolean(), in.readDouble());
        }

        /** The stored form as {@link #BYTES} bytes. */
        public byte[] toBytes() {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(BYTES);
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                writeTo(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        }

        /** The state stored in exactly these bytes (as written by {@link #toBytes}). */
        public static State fromBytes(byte[] bytes) {
            if (bytes.length != BYTES) {
                throw new IllegalArgumentException("random stream state: " + bytes.length + " bytes, expected " + BYTES);
            }
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
                return readFrom(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A snapshot of the current state. */
    public State snapshot() {
        return new State(key, s0, s1, s2, s3, hasSpare, spare);
    }

    /** A stream that continues exactly where {@code state} was taken. */
    public static RandomStream restore(State state) {
        RandomStream r = new RandomStream(state.key());
        r.s0 = state.s0();
        r.s1 = state.s1();
        r.s2 = state.s2();
        r.s3 = state.s3();
        r.hasSpare = state.hasSpare();
        r.spare = state.spare();
        return r;
    }

    private static void requireRadius(double radius) {
        if (!(radius >= 0) || !Double.isFinite(radius)) {
            throw new IllegalArgumentException("radius = " + radius + ": must be finite and >= 0");
        }
    }

    /** SplitMix64's output function (Steele, Lea &amp; Flood 2014). */
    static long splitMix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
