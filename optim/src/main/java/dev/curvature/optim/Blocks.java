package dev.curvature.optim;

import dev.curvature.core.DType;
import dev.curvature.core.ShapeException;
import dev.curvature.core.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * An ordered set of named, labelled tensor blocks: the shape of parameters, gradients, updates and
 * optimizer buffers alike (optax's pytree, flattened). A vector problem has one block {@code x}; a
 * network has one block per weight, bias, gain and embedding.
 *
 * <p>The label says what a block is ({@link Label}), so that {@link Transforms#route} can send
 * hidden weight matrices to Muon and everything else to AdamW. The tensors themselves are mutable
 * and shared: {@link #select} returns a view whose blocks are the same tensors.
 */
public final class Blocks implements Iterable<Blocks.Block> {

    /** One block: a unique name, a label for routing, and its tensor. */
    public record Block(String name, String label, Tensor tensor) {
        public Block {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("block name must be non-empty");
            }
            if (label == null || label.isBlank()) {
                throw new IllegalArgumentException("block '" + name + "': label must be non-empty");
            }
            if (tensor == null) {
                throw new IllegalArgumentException("block '" + name + "': tensor is null");
            }
        }
    }

    private final List<Block> blocks;
    private final Map<String, Integer> index;

    private Blocks(List<Block> blocks) {
        this.blocks = List.copyOf(blocks);
        this.index = new HashMap<>();
        for (int i = 0; i < this.blocks.size(); i++) {
            if (index.put(this.blocks.get(i).name(), i) != null) {
                throw new IllegalArgumentException("duplicate block name '" + this.blocks.get(i).name() + "'");
            }
        }
    }

    /** Blocks from a list (names must be unique). */
    public static Blocks of(List<Block> blocks) {
        return new Blocks(blocks);
    }

    /** A single block named {@code x} with label {@link Label#VECTOR} or {@link Label#MATRIX} by rank. */
    public static Blocks single(Tensor x) {
        return single("x", x);
    }

    /** A single block with the given name, labelled by rank ({@link Label#byRank}). */
    public static Blocks single(String name, Tensor x) {
        return new Blocks(List.of(new Block(name, Label.byRank(x), x)));
    }

    /** A builder adding blocks in order. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link Blocks} in insertion order. */
    public static final class Builder {
        private final List<Block> list = new ArrayList<>();

        /** Adds a block. */
        public Builder add(String name, String label, Tensor tensor) {
            list.add(new Block(name, label, tensor));
            return this;
        }

        /** Adds a block labelled by rank. */
        public Builder add(String name, Tensor tensor) {
            return add(name, Label.byRank(tensor), tensor);
        }

        public Blocks build() {
            return new Blocks(list);
        }
    }

    // ------------------------------------------------------------------ structure

    /** Number of blocks. */
    public int count() {
        return blocks.size();
    }

    /** Block i. */
    public Block block(int i) {
        return blocks.get(i);
    }

    /** Tensor of block i. */
    public Tensor tensor(int i) {
        return blocks.get(i).tensor();
    }

    /** Tensor of the block with this name. */
    public Tensor get(String name) {
        Integer i = index.get(name);
        if (i == null) {
            throw new IllegalArgumentException("no block named '" + name + "' (blocks: " + names() + ")");
        }
        return blocks.get(i).tensor();
    }

    /** Block names in order. */
    public List<String> names() {
        List<String> n = new ArrayList<>(blocks.size());
        for (Block b : blocks) {
            n.add(b.name());
        }
        return n;
    }

    /** Total number of elements over all blocks. */
    public long size() {
        long n = 0;
        for (int i = 0, nb = blocks.size(); i < nb; i++) {
            n += blocks.get(i).tensor().size();
        }
        return n;
    }

    @Override
    public Iterator<Block> iterator() {
        return Collections.unmodifiableList(blocks).iterator();
    }

    /** The blocks satisfying {@code keep}, sharing their tensors with this set. */
    public Blocks select(Predicate<Block> keep) {
        List<Block> out = new ArrayList<>();
        for (Block b : blocks) {
            if (keep.test(b)) {
                out.add(b);
            }
        }
        return new Blocks(out);
    }

    /** New zero tensors with the same names, labels and shapes; dtype of each block kept. */
    public Blocks zerosLike() {
        return zerosLike(null);
    }

    /** New zero tensors with the same names, labels and shapes in {@code dtype} (null keeps each block's dtype). */
    public Blocks zerosLike(DType dtype) {
        List<Block> out = new ArrayList<>(blocks.size());
        for (Block b : blocks) {
            Tensor t = b.tensor();
            out.add(new Block(b.name(), b.label(), Tensor.zeros(dtype == null ? t.dtype() : dtype, t.shape())));
        }
        return new Blocks(out);
    }

    /** A deep copy (contiguous tensors, same dtypes). */
    public Blocks copy() {
        List<Block> out = new ArrayList<>(blocks.size());
        for (Block b : blocks) {
            out.add(new Block(b.name(), b.label(), b.tensor().copy()));
        }
        return new Blocks(out);
    }

    /** Throws unless {@code other} has the same block names and shapes, in the same order. */
    public void requireSameStructure(Blocks other, String op) {
        if (other.count() != count()) {
            throw new ShapeException(op + ": " + count() + " blocks " + names() + " vs " + other.count() + " blocks "
                    + other.names());
        }
        for (int i = 0; i < count(); i++) {
            Block a = blocks.get(i);
            Block b = other.blocks.get(i);
            if (!a.name().equals(b.name()) || !a.tensor().sameShape(b.tensor())) {
                throw new ShapeException(op + ": block " + i + " is '" + a.name() + "' "
                        + Tensor.shapeString(a.tensor().shape()) + " vs '" + b.name() + "' "
                        + Tensor.shapeString(b.tensor().shape()));
            }
        }
    }

    // ------------------------------------------------------------------ arithmetic over all blocks

    /** this ← this + a·other, block by block. */
    public Blocks addScaled(double a, Blocks other) {
        requireSameStructure(other, "addScaled");
        for (int i = 0; i < count(); i++) {
            tensor(i).addScaled(a, other.tensor(i));
        }
        return this;
    }

    /** this ← this + other (apply an update to parameters). */
    public Blocks add(Blocks other) {
        return addScaled(1.0, other);
    }

    /** Copies the values of {@code other} into these blocks. */
    public Blocks assign(Blocks other) {
        requireSameStructure(other, "assign");
        for (int i = 0; i < count(); i++) {
            tensor(i).assign(other.tensor(i));
        }
        return this;
    }

    /** Multiplies every block by a. */
    public Blocks scale(double a) {
        for (int i = 0, nb = blocks.size(); i < nb; i++) {
            blocks.get(i).tensor().scale(a);
        }
        return this;
    }

    /** Sets every element to v. */
    public Blocks fill(double v) {
        for (int i = 0, nb = blocks.size(); i < nb; i++) {
            blocks.get(i).tensor().fill(v);
        }
        return this;
    }

    /** Σ over blocks of ⟨this_i, other_i⟩. */
    public double dot(Blocks other) {
        requireSameStructure(other, "dot");
        double s = 0;
        for (int i = 0; i < count(); i++) {
            s += tensor(i).dot(other.tensor(i));
        }
        return s;
    }

    /**
     * Global Euclidean norm over all blocks, √Σ‖block‖², without overflow or underflow. Indexed
     * loops rather than iterators keep it allocation-free however the JIT inlines it.
     */
    public double norm() {
        int nb = blocks.size();
        double ss = 0;
        for (int i = 0; i < nb; i++) {
            double n = blocks.get(i).tensor().norm();
            ss += n * n;
        }
        if (ss < Double.POSITIVE_INFINITY && (ss > 0x1p-900 || ss == 0)) {
            return Math.sqrt(ss);
        }
        // Rare: a block norm near the ends of the float64 range; rescale by the largest block norm.
        double scale = 0;
        for (int i = 0; i < nb; i++) {
            scale = Math.max(scale, blocks.get(i).tensor().norm());
        }
        if (scale == 0 || !Double.isFinite(scale)) {
            return scale;
        }
        double s = 0;
        for (int i = 0; i < nb; i++) {
            double r = blocks.get(i).tensor().norm() / scale;
            s += r * r;
        }
        return scale * Math.sqrt(s);
    }

    /** Index of the first block holding a NaN or infinity, or −1 when all are finite. */
    public int firstNonFinite() {
        for (int i = 0; i < blocks.size(); i++) {
            if (!blocks.get(i).tensor().allFinite()) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Blocks[");
        for (int i = 0; i < blocks.size(); i++) {
            Block b = blocks.get(i);
            sb.append(i == 0 ? "" : ", ").append(b.name()).append(':').append(b.label())
                    .append(Tensor.shapeString(b.tensor().shape())).append(b.tensor().dtype());
        }
        return sb.append(']').toString();
    }
}
