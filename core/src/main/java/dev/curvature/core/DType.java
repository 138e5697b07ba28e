package dev.curvature.core;

/** Element type of a {@link Tensor}: IEEE-754 binary32 or binary64. */
public enum DType {
    F32(4),
    F64(8);

    private final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    /** Size of one element in bytes. */
    public int bytes() {
        return bytes;
    }
}
