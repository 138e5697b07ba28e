package dev.curvature.nn.data;

import dev.curvature.core.ShapeException;
import dev.curvature.core.Tensor;

/**
 * Examples as one tensor of features [n, ...] and one of targets [n] (class indices) or [n, ...]
 * (regression targets), float64 or float32 (exact for 8-bit data); batches are copied into
 * a model's own dtype.
 */
public record Dataset(String name, Tensor features, Tensor targets, int classes) {

    public Dataset {
        if (features.rank() < 1 || targets.rank() < 1 || features.dim(0) != targets.dim(0)) {
            throw new ShapeException(name + ": features " + Tensor.shapeString(features.shape()) + " and targets "
                    + Tensor.shapeString(targets.shape()) + " must have the same first axis");
        }
    }

    /** Number of examples. */
    public int size() {
        return features.dim(0);
    }

    /** Elements of one example's features. */
    public int featureSize() {
        return features.size() / Math.max(1, size());
    }

    /** Elements of one example's target. */
    public int targetSize() {
        return targets.size() / Math.max(1, size());
    }

    /** Examples [from, to) as a new dataset sharing the data. */
    public Dataset slice(int from, int to) {
        return new Dataset(name, features.slice(0, from, to), targets.slice(0, from, to), classes);
    }

    /** The dataset with features scaled by {@code factor} (a copy). */
    public Dataset scaled(double factor) {
        return new Dataset(name, features.copy().scale(factor), targets, classes);
    }
}
