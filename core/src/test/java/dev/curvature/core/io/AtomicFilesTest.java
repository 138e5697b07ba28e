package dev.curvature.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every atomic replace refuses a target that is not a regular file and leaves it as it was. */
class AtomicFilesTest {
    @Test
    void replaceRefusesAFifoASymlinkAndADirectoryAndLeavesThemAlone(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        Path real = Files.writeString(dir.resolve("real.txt"), "kept");
        Path link = Files.createSymbolicLink(dir.resolve("link"), real);
        Path folder = Files.createDirectory(dir.resolve("folder"));
        for (Path target : new Path[] {fifo, link, folder}) {
            Path tmp = Files.writeString(dir.resolve("new.tmp"), "new");
            var e = assertThrows(AtomicFiles.NotRegularFileException.class, () -> AtomicFiles.replace(tmp, target));
            assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
            Files.delete(tmp);
        }
        assertTrue(Files.readAttributes(fifo, java.nio.file.attribute.BasicFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS).isOther(), "the FIFO is still a FIFO");
        assertTrue(Files.isSymbolicLink(link));
        assertEquals("kept", Files.readString(real));
        assertTrue(Files.isDirectory(folder));
    }

    @Test
    void replaceInstallsOverARegularFileAndAtANewPath(@TempDir Path dir) throws Exception {
        Path old = Files.writeString(dir.resolve("a.txt"), "old");
        AtomicFiles.replace(Files.writeString(dir.resolve("a.tmp"), "new"), old);
        assertEquals("new", Files.readString(old));
        Path fresh = dir.resolve("b.txt");
        AtomicFiles.replace(Files.writeString(dir.resolve("b.tmp"), "b"), fresh);
        assertEquals("b", Files.readString(fresh));
    }
}
