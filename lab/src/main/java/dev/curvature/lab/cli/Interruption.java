package dev.curvature.lab.cli;

/**
 * A line printed on standard error when the process is interrupted (Ctrl-C, SIGTERM) while a
 * sweep runs, saying how to continue it; the exit code stays the signal's (130 for Ctrl-C).
 * Closing it withdraws the line, so a command that ends by itself prints nothing.
 */
final class Interruption implements AutoCloseable {
    private final Thread hook;

    private Interruption(Thread hook) {
        this.hook = hook;
    }

    /** Prints {@code message} if the process is interrupted before {@link #close}. */
    static Interruption hint(String message) {
        Thread hook = new Thread(() -> {
            System.err.println();
            System.err.println("curvature: " + message);
            System.err.flush();
        }, "curvature-interrupted");
        Runtime.getRuntime().addShutdownHook(hook);
        return new Interruption(hook);
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs or has run: the process is being interrupted
        }
    }
}
