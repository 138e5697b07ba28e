package dev.curvature.core.backend;

/**
 * Per-thread buffers for the packed panels of {@link BlockedGemm} and the transposed panels of
 * {@link BlockedTrsm}. They grow on demand and are kept, so repeated calls on the same threads
 * allocate no arrays. (A virtual thread gets its own
 * set, which lives as long as that thread.)
 */
final class PackBuffers {
    private static final ThreadLocal<PackBuffers> LOCAL = ThreadLocal.withInitial(PackBuffers::new);

    private float[] floatA = new float[0];
    private float[] floatB = new float[0];
    private float[] floatTile = new float[0];
    private double[] doubleA = new double[0];
    private double[] doubleB = new double[0];
    private double[] doubleTile = new double[0];
    private float[] floatSolve = new float[0];
    private double[] doubleSolve = new double[0];

    private PackBuffers() {}

    /** The buffers of the current thread. */
    static PackBuffers local() {
        return LOCAL.get();
    }

    float[] floatA(int size) {
        if (floatA.length < size) {
            floatA = new float[size];
        }
        return floatA;
    }

    float[] floatB(int size) {
        if (floatB.length < size) {
            floatB = new float[size];
        }
        return floatB;
    }

    float[] floatTile(int size) {
        if (floatTile.length < size) {
            floatTile = new float[size];
        }
        return floatTile;
    }

    double[] doubleA(int size) {
        if (doubleA.length < size) {
            doubleA = new double[size];
        }
        return doubleA;
    }

    double[] doubleB(int size) {
        if (doubleB.length < size) {
            doubleB = new double[size];
        }
        return doubleB;
    }

    double[] doubleTile(int size) {
        if (doubleTile.length < size) {
            doubleTile = new double[size];
        }
        return doubleTile;
    }

    float[] floatSolve(int size) {
        if (floatSolve.length < size) {
            floatSolve = new float[size];
        }
        return floatSolve;
    }

    double[] doubleSolve(int size) {
        if (doubleSolve.length < size) {
            doubleSolve = new double[size];
        }
        return doubleSolve;
    }
}
