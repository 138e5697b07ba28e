package dev.curvature.lab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code curvature} launcher script rebuilds only when what goes into the jar changed. Runs the
 * real script in a copy of the project layout with a stand-in JDK and Maven wrapper that only record
 * that they were called, so no build or JVM starts.
 */
class LauncherTest {
    @TempDir
    Path root;

    @BeforeEach
    void layout() throws IOException {
        Files.copy(Path.of("..", "curvature"), root.resolve("curvature"), StandardCopyOption.REPLACE_EXISTING);
        executable(root.resolve("mvnw"), "#!/bin/sh\necho built >> \"$(dirname \"$0\")/build.log\"\n");
        Path jdk = root.resolve("jdk");
        Files.createDirectories(jdk.resolve("bin"));
        Files.writeString(jdk.resolve("release"), "JAVA_VERSION=\"25.0.1\"\n");
        executable(jdk.resolve("bin/java"), "#!/bin/sh\necho ran\n");
        for (String f : new String[] {"pom.xml", "core/pom.xml", "core/src/main/java/A.java",
                "core/src/main/resources/r.txt", "core/src/test/java/ATest.java",
                "core/target/generated-sources/annotations/G.java", "core/target/classes/A.class"}) {
            write(root.resolve(f), Instant.parse("2026-01-01T00:00:00Z"));
        }
        write(root.resolve("lab/target/curvature-lab.jar"), Instant.parse("2026-01-02T00:00:00Z"));
        Files.createDirectories(root.resolve("lab/target/lib"));
    }

    @Test
    void upToDateJarRunsWithoutBuilding() throws Exception {
        assertEquals("ran", launch());
        assertFalse(Files.exists(root.resolve("build.log")));
    }

    @Test
    void generatedSourcesAndTestSourcesNewerThanTheJarDoNotTriggerABuild() throws Exception {
        Instant later = Instant.parse("2026-01-03T00:00:00Z");
        write(root.resolve("core/target/generated-sources/annotations/G.java"), later);
        write(root.resolve("core/target/generated-test-sources/test-annotations/T.java"), later);
        write(root.resolve("core/src/test/java/ATest.java"), later);
        write(root.resolve("results/quick/spec.yaml"), later);
        write(root.resolve("docs/spec.md"), later);
        assertEquals("ran", launch());
        assertFalse(Files.exists(root.resolve("build.log")));
    }

    @Test
    void changedMainSourceResourceOrPomTriggersABuild() throws Exception {
        Instant later = Instant.parse("2026-01-03T00:00:00Z");
        for (String f : new String[] {"core/src/main/java/A.java", "core/src/main/resources/r.txt", "core/pom.xml"}) {
            Files.deleteIfExists(root.resolve("build.log"));
            layout();
            write(root.resolve(f), later);
            assertEquals("ran", launch(), f);
            assertTrue(Files.exists(root.resolve("build.log")), f + " newer than the jar must rebuild");
        }
    }

    private String launch() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("curvature").toString(), "-V")
                .redirectErrorStream(false);
        pb.environment().put("CURVATURE_JAVA_HOME", root.resolve("jdk").toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.getErrorStream().readAllBytes();
        assertEquals(0, p.waitFor());
        return out;
    }

    private static void write(Path p, Instant modified) throws IOException {
        Files.createDirectories(p.getParent());
        Files.writeString(p, "x");
        Files.setLastModifiedTime(p, FileTime.from(modified));
    }

    private static void executable(Path p, String script) throws IOException {
        Files.writeString(p, script);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
