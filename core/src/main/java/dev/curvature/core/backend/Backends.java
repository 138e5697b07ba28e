package dev.curvature.core.backend;

import java.lang.System.Logger.Level;
import java.util.Locale;

/**
 * Chooses the process-wide {@link Backend}.
 *
 * <p>The system property {@code curvature.backend} selects it: {@code auto} (default) uses the
 * native OpenBLAS backend when its libraries load and the Java backend otherwise; {@code native}
 * insists on OpenBLAS and fails with the loader's error when it is unavailable; {@code java} forces
 * the pure-Java kernels. {@code curvature.threads} sets the kernel threads (default: available
 * processors). The choice and its reason are logged once and reported by {@link #selectionReason()}.
 */
public final class Backends {
    /** System property naming the backend: auto, native or java. */
    public static final String BACKEND_PROPERTY = "curvature.backend";
    /** System property with the number of BLAS threads. */
    public static final String THREADS_PROPERTY = "curvature.threads";

    private static final System.Logger LOG = System.getLogger(Backends.class.getName());

    private static volatile Backend current;
    private static volatile String reason = "not selected yet";

    private Backends() {}

    /** The backend in use, selected on first call. */
    public static Backend current() {
        Backend b = current;
        if (b == null) {
            synchronized (Backends.class) {
                if (current == null) {
                    current = select();
                }
                b = current;
            }
        }
        return b;
    }

    /** Replaces the process-wide backend (for tests and benchmarks that compare backends). */
    public static synchronized void setCurrent(Backend backend) {
        current = backend;
        reason = "set programmatically";
    }

    /** Why the current backend was chosen. */
    public static String selectionReason() {
        current();
        return reason;
    }

    /** The pure-Java backend (always available). */
    public static JavaBackend java() {
        return JavaBackend.instance();
    }

    /**
     * The native OpenBLAS backend.
     *
     * @throws UnsupportedOperationException with the loader's reason when the native libraries cannot load
     */
    public static NativeBackend nativeBackend() {
        return NativeBackend.instance();
    }

    /** True when the native backend loads on this machine. */
    public static boolean nativeAvailable() {
        try {
            nativeBackend();
            return true;
        } catch (UnsupportedOperationException | LinkageError e) {
            return false;
        }
    }

    /** Threads requested by {@value #THREADS_PROPERTY}, default all available processors. */
    public static int defaultThreads() {
        String p = System.getProperty(THREADS_PROPERTY);
        int cores = Runtime.getRuntime().availableProcessors();
        if (p == null || p.isBlank()) {
            return cores;
        }
        try {
            int t = Integer.parseInt(p.trim());
            if (t >= 1) {
                return t;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(THREADS_PROPERTY + " = '" + p + "': expected an integer >= 1");
    }

    private static Backend select() {
        String want = System.getProperty(BACKEND_PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        Backend chosen;
        switch (want) {
            case "java" -> {
                chosen = java();
                reason = BACKEND_PROPERTY + "=java";
            }
            case "native" -> {
                chosen = nativeBackend();
                reason = BACKEND_PROPERTY + "=native";
            }
            case "auto" -> {
                Backend nb;
                try {
                    nb = nativeBackend();
                    reason = "auto: native OpenBLAS loaded";
                } catch (UnsupportedOperationException | LinkageError e) {
                    nb = java();
                    reason = "auto: native OpenBLAS unavailable (" + e.getMessage() + "), using Java kernels";
                }
                chosen = nb;
            }
            default -> throw new IllegalArgumentException(
                    BACKEND_PROPERTY + " = '" + want + "': expected one of auto, native, java");
        }
        chosen.setThreads(defaultThreads());
        // DEBUG, not INFO: `curvature info` and each stored run name the backend; a line on every
        // command and test would be noise (java.util.logging at FINE shows it).
        LOG.log(Level.DEBUG, "Curvature backend: {0} [{1}]", chosen.description(), reason);
        return chosen;
    }
}
