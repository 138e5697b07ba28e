package dev.curvature.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A JVM started without {@code --add-modules jdk.incubator.vector} reports the missing flag in one
 * line when it first touches a tensor, instead of a NoClassDefFoundError from a kernel class.
 */
class VectorModuleTest {
    /** Touches a tensor the way the README example does first: a finite check of its values. */
    public static void main(String[] args) {
        System.out.println("allFinite=" + Tensor.vector(1.0, 2.0).allFinite());
    }

    @Test
    void withoutTheFlagTheFirstTensorFailsWithOneLineNamingTheFlag() throws Exception {
        Child c = launch(List.of());
        assertNotEquals(0, c.exit, c.err);
        assertFalse(c.err.contains("NoClassDefFoundError"), c.err);
        assertTrue(c.err.contains("--add-modules jdk.incubator.vector"), c.err);
        assertEquals(1, c.err.strip().lines().count(), "stderr is one line:\n" + c.err);
        assertFalse(c.out.contains("allFinite"), c.out);
    }

    @Test
    void withTheFlagTheSameProgramRuns() throws Exception {
        Child c = launch(List.of("--add-modules", "jdk.incubator.vector"));
        assertEquals(0, c.exit, c.err);
        assertEquals("allFinite=true", c.out.strip());
    }

    private record Child(int exit, String out, String err) {}

    private static Child launch(List<String> flags) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(flags);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), VectorModuleTest.class.getName()));
        Process p = new ProcessBuilder(cmd).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        return new Child(p.waitFor(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }
}
