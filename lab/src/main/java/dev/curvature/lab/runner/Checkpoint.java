package dev.curvature.lab.runner;

import dev.curvature.core.io.AtomicFiles;
import dev.curvature.core.io.WriteGate;
import dev.curvature.lab.store.ResultStore;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;

/**
 * A run's checkpoint file: the step, the accumulated wall time and the run's own checkpoint bytes,
 * tied to the run they belong to. A file that is truncated, altered, or of another run, spec or
 * result database is refused, so a resumed run continues only its own trajectory and only beside
 * the rows it committed.
 *
 * <pre>
 *   magic "CRVCKPT\n", version (int),
 *   store id, spec hash, run id (modified UTF-8), plan index (int),
 *   step (long), elapsed ms (long), run bytes (int length, bytes),
 *   CRC32C of everything before it (int)
 * </pre>
 *
 * @param identity whose checkpoint it is
 */
record Checkpoint(Identity identity, long step, long elapsedMs, byte[] run) {
    private static final byte[] MAGIC = "CRVCKPT\n".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;

    /**
     * The run a checkpoint belongs to.
     *
     * @param storeId  the result database's identity ({@link ResultStore#id()})
     * @param specHash the spec's {@linkplain dev.curvature.lab.spec.ExperimentSpec#canonicalHash canonical hash}
     * @param runId    the run's id ({@code <experiment>/<index>})
     * @param index    the run's position in the plan
     */
    record Identity(String storeId, String specHash, String runId, int index) {}

    /**
     * Reads a checkpoint file, checking its format and checksum (not whose it is). Any content that
     * is not an intact checkpoint of this format is an {@link IOException} saying what is wrong.
     */
    static Checkpoint read(Path p) throws IOException {
        byte[] b = Files.readAllBytes(p);
        if (b.length == 0) {
            throw new IOException("it is empty");
        }
        int head = Math.min(b.length, MAGIC.length);
        if (!Arrays.equals(b, 0, head, MAGIC, 0, head)) {
            throw new IOException("it is not a Curvature checkpoint of this version (it lacks the header)");
        }
        if (b.length < MAGIC.length + 8) {
            throw new IOException("it is truncated (" + b.length + " bytes)");
        }
        CRC32C crc = new CRC32C();
        crc.update(b, 0, b.length - 4);
        int stored = ((b[b.length - 4] & 0xff) << 24) | ((b[b.length - 3] & 0xff) << 16)
                | ((b[b.length - 2] & 0xff) << 8) | (b[b.length - 1] & 0xff);
        if ((int) crc.getValue() != stored) {
            throw new IOException("it is truncated or corrupt (its checksum does not match its content)");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(b, MAGIC.length,
                b.length - 4 - MAGIC.length))) {
            int version = in.readInt();
            if (version != VERSION) {
                throw new IOException("it has format version " + version + "; this Curvature reads version " + VERSION);
            }
            Identity id = new Identity(in.readUTF(), in.readUTF(), in.readUTF(), in.readInt());
            long step = in.readLong();
            long ms = in.readLong();
            int n = in.readInt();
            if (n < 0 || n != in.available()) {
                throw new IOException("it is corrupt (its run state has " + in.available() + " bytes, its header says "
                        + n + ")");
            }
            return new Checkpoint(id, step, ms, in.readNBytes(n));
        } catch (java.io.EOFException | java.io.UTFDataFormatException e) {
            throw new IOException("it is corrupt (its header ends early)", e);
        }
    }

    /** Reads a checkpoint and checks that it belongs to {@code expected}; the message says why not. */
    static Checkpoint read(Path p, Identity expected) throws IOException {
        Checkpoint c = read(p);
        Identity id = c.identity();
        if (!id.storeId().equals(expected.storeId())) {
            throw new IOException("it belongs to another result database (store " + id.storeId() + ", this folder's "
                    + "is " + expected.storeId() + ")");
        }
        if (!id.runId().equals(expected.runId()) || id.index() != expected.index()) {
            throw new IOException("it belongs to run " + id.runId() + ", not " + expected.runId());
        }
        if (!id.specHash().equals(expected.specHash())) {
            throw new IOException("it was written for another version of the spec");
        }
        return c;
    }

    /** Writes the checkpoint atomically: a crash leaves the previous file or this one, never a mix. */
    static void write(Path p, Checkpoint c) throws IOException {
        Path tmp = p.resolveSibling(p.getFileName() + ".tmp");
        try {
            WriteGate.check(WriteGate.Op.WRITE, tmp);
            try (BufferedOutputStream file = new BufferedOutputStream(Files.newOutputStream(tmp));
                 CheckedOutputStream checked = new CheckedOutputStream(file, new CRC32C());
                 DataOutputStream out = new DataOutputStream(checked)) {
                out.write(MAGIC);
                out.writeInt(VERSION);
                out.writeUTF(c.identity().storeId());
                out.writeUTF(c.identity().specHash());
                out.writeUTF(c.identity().runId());
                out.writeInt(c.identity().index());
                out.writeLong(c.step());
                out.writeLong(c.elapsedMs());
                out.writeInt(c.run().length);
                out.write(c.run());
                out.flush();
                int crc = (int) checked.getChecksum().getValue();
                file.write(new byte[] {(byte) (crc >>> 24), (byte) (crc >>> 16), (byte) (crc >>> 8), (byte) crc});
            }
            AtomicFiles.replace(tmp, p);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new IOException("cannot write checkpoint " + p + ": " + ResultStore.describe(e), e);
        }
    }
}
