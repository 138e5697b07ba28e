package dev.curvature.core.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curvature.core.TestSupport;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Backend selection and the facts the backend-parameterized tests rely on. */
class BackendsTest {

    @Test
    void nativeBackendLoadsWhereItsLibrariesAreBundled() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch");
        // The build bundles OpenBLAS for linux-x86_64 only; there the native tests must not be skipped.
        Assumptions.assumeTrue(os.contains("linux") && (arch.equals("amd64") || arch.equals("x86_64")));
        assertTrue(Backends.nativeAvailable(), () -> "native OpenBLAS did not load: " + loadError());
        assertEquals(3, TestSupport.backends().size());
        NativeBackend nb = Backends.nativeBackend();
        assertEquals("native", nb.name());
        assertTrue(nb.description().contains("OpenBLAS"), nb.description());
        assertSame(nb, Backends.nativeBackend());
        assertEquals("native", nb.withThreshold(0).name());
    }

    private static String loadError() {
        try {
            Backends.nativeBackend();
            return "none";
        } catch (RuntimeException | LinkageError e) {
            return e.toString();
        }
    }

    @Test
    void javaBackendIsAlwaysThere() {
        JavaBackend jb = Backends.java();
        assertEquals("java", jb.name());
        assertSame(jb, Backends.java());
        assertThrows(IllegalArgumentException.class, () -> jb.setThreads(0));
    }

    @Test
    void setCurrentReplacesTheBackendAndScopesRestoreIt() {
        Backend before = Backends.current();
        try (TestSupport.BackendScope s = TestSupport.use(TestSupport.backends().get(0))) {
            assertSame(Backends.java(), Backends.current());
            assertEquals("set programmatically", Backends.selectionReason());
        }
        assertSame(before, Backends.current());
    }
}
