package dev.curvature.lab.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@code curvature} command as a separate JVM, started from the JDK and classpath of the
 * running tests with the flags the launcher passes. Standard output and error go to files next
 * to the results, so a test can read them after the process has ended or been killed.
 */
public final class CurvatureProcess {
    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private final long startNanos = System.nanoTime();

    private CurvatureProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** The command line that runs {@code curvature args...}. */
    public static List<String> command(String... args) {
        return java(classpath(), "dev.curvature.lab.cli.CurvatureCli", args);
    }

    /**
     * The command line that runs {@code mainClass} on {@code classpath} with this JDK and the flags
     * the launcher passes.
     */
    public static List<String> java(String classpath, String mainClass, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--add-modules");
        cmd.add("jdk.incubator.vector");
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("-Djava.awt.headless=true");
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** The main classes and dependencies of the running tests, without the test frameworks. */
    private static String classpath() {
        List<String> keep = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String n = Path.of(e).getFileName() == null ? e : Path.of(e).getFileName().toString();
            if (e.isEmpty() || n.equals("test-classes") || n.startsWith("surefire") || n.startsWith("junit-")
                    || n.startsWith("opentest4j") || n.startsWith("apiguardian")) {
                continue;
            }
            keep.add(e);
        }
        return String.join(File.pathSeparator, keep);
    }

    /** Starts {@code curvature args...}; its output goes to {@code logs/name.out} and {@code .err}. */
    public static CurvatureProcess start(Path logs, String name, String... args) throws IOException {
        Files.createDirectories(logs);
        Path out = logs.resolve(name + ".out");
        Path err = logs.resolve(name + ".err");
        ProcessBuilder pb = new ProcessBuilder(command(args)).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        return new CurvatureProcess(pb.start(), out, err);
    }

    /** Runs {@code curvature args...} to its end (at most {@code timeout}) and returns its exit code. */
    public static CurvatureProcess run(Path logs, String name, Duration timeout, String... args)
            throws IOException, InterruptedException {
        CurvatureProcess p = start(logs, name, args);
        p.await(timeout);
        return p;
    }

    /** Waits for the end; on a timeout kills the process and fails. */
    public int await(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("curvature did not end within " + timeout + "\n" + describe());
        }
        return process.exitValue();
    }

    /** Sends SIGKILL ({@code kill -9}) and waits for the process to be gone; returns its exit code. */
    public int kill() throws InterruptedException {
        process.destroyForcibly();
        return process.waitFor();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public int exitCode() {
        return process.exitValue();
    }

    public long pid() {
        return process.pid();
    }

    /** Seconds since the start. */
    public double seconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    public String stdout() {
        return read(stdout);
    }

    public String stderr() {
        return read(stderr);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + p + ": " + e + ")";
        }
    }

    /** Exit code and output, for failure messages. */
    public String describe() {
        return "exit " + (process.isAlive() ? "(running)" : process.exitValue()) + "\n--- stdout\n" + stdout()
                + "--- stderr\n" + stderr();
    }
}
