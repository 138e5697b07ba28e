package dev.curvature.diagnostics;

import dev.curvature.optim.Blocks;

/** Checks that decide when a reusable workspace must be reallocated. */
final class Workspaces {
    private Workspaces() {}

    /** True when both have the same block names, shapes and dtypes, in order (null never matches). */
    static boolean sameStructure(Blocks a, Blocks b) {
        if (a == null || b == null || a.count() != b.count()) {
            return false;
        }
        for (int i = 0; i < a.count(); i++) {
            Blocks.Block x = a.block(i);
            Blocks.Block y = b.block(i);
            if (!x.name().equals(y.name()) || x.tensor().dtype() != y.tensor().dtype()
                    || !x.tensor().sameShape(y.tensor())) {
                return false;
            }
        }
        return true;
    }
}
