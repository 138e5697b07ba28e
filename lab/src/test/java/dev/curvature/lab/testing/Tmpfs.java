package dev.curvature.lab.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small tmpfs mounted on a folder, to make a real full or read-only file system. Mounting needs
 * root with the right to mount (CAP_SYS_ADMIN); {@link #mount} says why when it cannot.
 */
public final class Tmpfs implements AutoCloseable {
    private final Path dir;

    private Tmpfs(Path dir) {
        this.dir = dir;
    }

    /** What {@link #mount} gives: the file system, or why there is none. */
    public record Mounted(Tmpfs tmpfs, String whyNot) {}

    /** Mounts a tmpfs of {@code size} (e.g. {@code 8m}) on {@code dir}, created if needed. */
    public static Mounted mount(Path dir, String size) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        String[] r = sh("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0755", "tmpfs", dir.toString());
        if (!r[0].equals("0")) {
            return new Mounted(null, "cannot mount a tmpfs (needs root with CAP_SYS_ADMIN): " + r[1].strip());
        }
        return new Mounted(new Tmpfs(dir), null);
    }

    public Path dir() {
        return dir;
    }

    /** Remounts read-only. */
    public void readOnly() throws IOException, InterruptedException {
        check(sh("mount", "-o", "remount,ro", dir.toString()), "remount read-only");
    }

    /** Remounts read-write with {@code size}. */
    public void readWrite(String size) throws IOException, InterruptedException {
        check(sh("mount", "-o", "remount,rw,size=" + size, dir.toString()), "remount read-write");
    }

    /**
     * Fills the file system with {@code dir/.filler} until a write fails with "no space", then frees
     * {@code leaveBytes} (rounded to pages); returns the filler file.
     */
    public Path fill(long leaveBytes) throws IOException {
        Path filler = dir.resolve(".filler");
        Path reserve = dir.resolve(".filler-reserve");
        if (leaveBytes > 0) {
            Files.write(reserve, new byte[(int) leaveBytes]);
        }
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(chunk);
            }
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("No space left")) {
                throw e;
            }
        }
        try (OutputStream out = Files.newOutputStream(filler, java.nio.file.StandardOpenOption.APPEND)) {
            while (true) {
                out.write(chunk, 0, 512);
                out.flush();
            }
        } catch (IOException e) {
            // full to the last page
        }
        Files.deleteIfExists(reserve);
        return filler;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        String[] r = sh("umount", dir.toString());
        if (!r[0].equals("0")) {
            check(sh("umount", "-l", dir.toString()), "unmount");
        }
    }

    private static void check(String[] r, String what) throws IOException {
        if (!r[0].equals("0")) {
            throw new IOException("cannot " + what + ": " + r[1]);
        }
    }

    /** Runs a command; returns {exit code, output}. */
    private static String[] sh(String... cmd) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(List.of(cmd)).redirectErrorStream(true).start();
        } catch (IOException e) {
            return new String[] {"-1", e.getMessage()};
        }
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new String[] {"-1", String.join(" ", cmd) + " timed out"};
        }
        return new String[] {Integer.toString(p.exitValue()), new String(p.getInputStream().readAllBytes(),
                StandardCharsets.UTF_8)};
    }
}
