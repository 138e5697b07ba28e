package dev.curvature.core;

/**
 * The check that the JDK's incubating Vector API ({@code jdk.incubator.vector}) is in the boot
 * layer. The pure-Java kernels are written against it, and an incubator module is resolved only
 * when asked for ({@code --add-modules jdk.incubator.vector}); without it the first kernel call
 * would die with a {@code NoClassDefFoundError} deep in a stack trace. {@link Tensor} runs this
 * check when it is loaded, before any kernel class is, so a missing flag is reported once, in one
 * line that names it.
 */
public final class VectorModule {
    /** The module the kernels need. */
    public static final String NAME = "jdk.incubator.vector";

    /** What to pass to {@code java}, and why; the whole message of {@link MissingError}. */
    public static final String MESSAGE = "Curvature needs the JDK's Vector API: start java with --add-modules "
            + NAME + " (and --enable-native-access=ALL-UNNAMED, which lets the bundled OpenBLAS load without a warning)";

    private VectorModule() {}

    /** True when {@value #NAME} is in the boot layer. */
    public static boolean present() {
        return ModuleLayer.boot().findModule(NAME).isPresent();
    }

    /** Throws {@link MissingError} when {@value #NAME} is not in the boot layer. */
    public static void require() {
        if (!present()) {
            throw new MissingError();
        }
    }

    /**
     * The Vector API is not available. An {@link Error}, so that a static initializer passes it on
     * as it is instead of wrapping it, and without a stack trace: the message is the whole story,
     * and the JVM then reports it in one line.
     */
    public static final class MissingError extends Error {
        private static final long serialVersionUID = 1L;

        MissingError() {
            super(MESSAGE, null, false, false);
        }
    }
}
