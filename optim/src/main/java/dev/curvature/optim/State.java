package dev.curvature.optim;

import dev.curvature.core.DType;
import dev.curvature.core.Tensor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The mutable state of one {@link Transform}: named tensor buffers (moments, momentum, error
 * feedback, ...), named scalars (step counts, accumulators) and the states of nested transforms.
 *
 * <p>Every transform keeps its state in this one form, so every state can be snapshotted to bytes
 * and restored bitwise ({@link #snapshot()}, {@link #restore(byte[])}) without per-transform code:
 * this is what lets a killed run resume with identical trajectories.
 */
public final class State {
    private final String owner;
    private final Map<String, Blocks> buffers = new LinkedHashMap<>();
    private final Map<String, double[]> scalars = new LinkedHashMap<>();
    private final List<State> children = new ArrayList<>();
    private Object[] attachments = new Object[0];

    /** An empty state belonging to the transform named {@code owner}. */
    public State(String owner) {
        this.owner = owner;
    }

    /** Name of the transform that owns this state. */
    public String owner() {
        return owner;
    }

    // ------------------------------------------------------------------ buffers

    /** Adds a buffer and returns it. */
    public Blocks addBuffer(String name, Blocks buffer) {
        if (buffers.putIfAbsent(name, buffer) != null) {
            throw new IllegalStateException(owner + ": buffer '" + name + "' already exists");
        }
        return buffer;
    }

    /** The buffer with this name. */
    public Blocks buffer(String name) {
        Blocks b = buffers.get(name);
        if (b == null) {
            throw new IllegalStateException(owner + ": no buffer '" + name + "' (has " + buffers.keySet() + ")");
        }
        return b;
    }

    // ------------------------------------------------------------------ scalars

    /** Adds a scalar with its initial value. */
    public State addScalar(String name, double initial) {
        if (scalars.putIfAbsent(name, new double[] {initial}) != null) {
            throw new IllegalStateException(owner + ": scalar '" + name + "' already exists");
        }
        return this;
    }

    /** The value of a scalar. */
    public double scalar(String name) {
        return slot(name)[0];
    }

    /** Sets a scalar. */
    public void setScalar(String name, double value) {
        slot(name)[0] = value;
    }

    private double[] slot(String name) {
        double[] s = scalars.get(name);
        if (s == null) {
            throw new IllegalStateException(owner + ": no scalar '" + name + "' (has " + scalars.keySet() + ")");
        }
        return s;
    }

    // ------------------------------------------------------------------ children

    /** Appends the state of a nested transform. */
    public State addChild(State child) {
        children.add(child);
        return child;
    }

    /** The i-th nested state. */
    public State child(int i) {
        return children.get(i);
    }

    /** Number of nested states. */
    public int childCount() {
        return children.size();
    }

    // ------------------------------------------------------------------ attachments

    /**
     * Names a typed attachment: transient data a transform derives from the block structure (cached
     * views, per-block engines, index maps), kept with its state but never in snapshots, so that a
     * snapshot is the same whatever has been cached. Keys are compared by identity, so a transform
     * keeps its keys in fields; a key's factory makes the value on first use.
     *
     * @param <T> the type of the attached value
     */
    public static final class Key<T> {
        private final String name;
        private final Supplier<? extends T> factory;

        /** A key whose value {@code factory} makes on first use. */
        public Key(String name, Supplier<? extends T> factory) {
            this.name = Objects.requireNonNull(name, "name");
            this.factory = Objects.requireNonNull(factory, "factory");
        }

        /** A key whose value must be {@linkplain #attach attached} before it is read. */
        public Key(String name) {
            this.name = Objects.requireNonNull(name, "name");
            this.factory = null;
        }

        /** The name, for messages. */
        public String name() {
            return name;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * The value attached under {@code key}, made by the key's factory when there is none yet. Once
     * made, a lookup allocates nothing (steady-state steps call this every step).
     */
    public <T> T attachment(Key<T> key) {
        T value = find(key);
        if (value == null) {
            if (key.factory == null) {
                throw new IllegalStateException(owner + ": nothing attached under '" + key.name + "'");
            }
            value = Objects.requireNonNull(key.factory.get(), key.name);
            attach(key, value);
        }
        return value;
    }

    /** Attaches {@code value} under {@code key}, replacing what was there. */
    public <T> void attach(Key<T> key, T value) {
        Objects.requireNonNull(value, key.name);
        for (int i = 0; i < attachments.length; i += 2) {
            if (attachments[i] == key) {
                attachments[i + 1] = value;
                return;
            }
        }
        Object[] grown = Arrays.copyOf(attachments, attachments.length + 2);
        grown[attachments.length] = key;
        grown[attachments.length + 1] = value;
        attachments = grown;
    }

    // A flat array of (key, value) pairs: a transform has one or two, and a linear scan allocates nothing.
    @SuppressWarnings("unchecked")
    private <T> T find(Key<T> key) {
        for (int i = 0; i < attachments.length; i += 2) {
            if (attachments[i] == key) {
                return (T) attachments[i + 1];
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ snapshots

    /** The complete state as bytes (names, shapes, dtypes and exact values). */
    public byte[] snapshot() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Overwrites this state with a snapshot taken from a state of the same structure (same
     * transform, buffers, shapes and dtypes); a mismatch throws and names the first difference.
     * The snapshot is checked completely before anything is written, so a rejected snapshot leaves
     * this state as it was.
     */
    public void restore(byte[] snapshot) {
        read(snapshot, false);
        read(snapshot, true);
    }

    private void read(byte[] snapshot, boolean apply) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot))) {
            readFrom(in, owner, apply);
            if (in.available() > 0) {
                throw new IllegalArgumentException(owner + ": snapshot has " + in.available() + " trailing bytes");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(owner + ": snapshot is truncated or corrupt", e);
        }
    }

    /** Writes this state (see {@link #snapshot()}). */
    public void writeTo(DataOutputStream out) throws IOException {
        out.writeUTF(owner);
        out.writeInt(buffers.size());
        for (Map.Entry<String, Blocks> e : buffers.entrySet()) {
            out.writeUTF(e.getKey());
            Blocks b = e.getValue();
            out.writeInt(b.count());
            for (Blocks.Block blk : b) {
                writeTensor(out, blk.name(), blk.tensor());
            }
        }
        out.writeInt(scalars.size());
        for (Map.Entry<String, double[]> e : scalars.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeLong(Double.doubleToRawLongBits(e.getValue()[0]));
        }
        out.writeInt(children.size());
        for (State c : children) {
            c.writeTo(out);
        }
    }

    /** Reads values written by {@link #writeTo} into this state, checking the structure. */
    public void readFrom(DataInputStream in, String path) throws IOException {
        readFrom(in, path, true);
    }

    /** Reads a state written by {@link #writeTo}, checking the structure; stores the values only when {@code apply}. */
    private void readFrom(DataInputStream in, String path, boolean apply) throws IOException {
        expect(path, "owner", owner, in.readUTF());
        expect(path, "buffer count", buffers.size(), in.readInt());
        for (Map.Entry<String, Blocks> e : buffers.entrySet()) {
            expect(path, "buffer", e.getKey(), in.readUTF());
            Blocks b = e.getValue();
            expect(path + "." + e.getKey(), "block count", b.count(), in.readInt());
            for (Blocks.Block blk : b) {
                readTensor(in, path + "." + e.getKey(), blk.name(), blk.tensor(), apply);
            }
        }
        expect(path, "scalar count", scalars.size(), in.readInt());
        for (Map.Entry<String, double[]> e : scalars.entrySet()) {
            expect(path, "scalar", e.getKey(), in.readUTF());
            double v = Double.longBitsToDouble(in.readLong());
            if (apply) {
                e.getValue()[0] = v;
            }
        }
        expect(path, "child count", children.size(), in.readInt());
        for (int i = 0; i < children.size(); i++) {
            children.get(i).readFrom(in, path + "/" + i, apply);
        }
    }

    private static void writeTensor(DataOutputStream out, String name, Tensor t) throws IOException {
        out.writeUTF(name);
        out.writeByte(t.dtype().ordinal());
        int[] shape = t.shape();
        out.writeInt(shape.length);
        for (int s : shape) {
            out.writeInt(s);
        }
        for (int i = 0, n = t.size(); i < n; i++) {
            if (t.dtype() == DType.F32) {
                out.writeInt(Float.floatToRawIntBits((float) t.getFlat(i)));
            } else {
                out.writeLong(Double.doubleToRawLongBits(t.getFlat(i)));
            }
        }
    }

    private static void readTensor(DataInputStream in, String path, String name, Tensor t, boolean apply)
            throws IOException {
        expect(path, "block", name, in.readUTF());
        int dtype = in.readByte();
        expect(path + "." + name, "dtype", t.dtype().name(),
                dtype >= 0 && dtype < DType.values().length ? DType.values()[dtype].name() : "code " + dtype);
        // The rank is checked before the shape is read, so a damaged count allocates nothing.
        int rank = in.readInt();
        expect(path + "." + name, "rank", t.rank(), rank);
        int[] shape = new int[rank];
        for (int i = 0; i < rank; i++) {
            shape[i] = in.readInt();
        }
        expect(path + "." + name, "shape", Tensor.shapeString(t.shape()), Tensor.shapeString(shape));
        if (!apply) {
            long bytes = (long) t.size() * t.dtype().bytes();
            if (in.skipBytes((int) bytes) != bytes) {
                throw new EOFException();
            }
            return;
        }
        for (int i = 0, n = t.size(); i < n; i++) {
            if (t.dtype() == DType.F32) {
                t.setFlat(i, Float.intBitsToFloat(in.readInt()));
            } else {
                t.setFlat(i, Double.longBitsToDouble(in.readLong()));
            }
        }
    }

    private static void expect(String path, String what, Object expected, Object found) {
        if (!expected.equals(found)) {
            throw new IllegalArgumentException("state snapshot does not match at " + path + ": " + what + " is "
                    + found + ", expected " + expected);
        }
    }
}
