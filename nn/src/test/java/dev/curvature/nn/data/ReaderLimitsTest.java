package dev.curvature.nn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.curvature.core.Limit;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * The readers refuse what a header claims before allocating it (a size above {@link Limit#ELEMENTS},
 * more data than the file holds) and name a malformed field's place: cases the fuzz tests found.
 */
class ReaderLimitsTest {
    private static final String RAISE = " (limit 'elements'; raise it with --limit elements=N or "
            + "-Dcurvature.limit.elements=N, and give Java the memory it needs with -Xmx)";

    private static ByteArrayInputStream idx(int... header) {
        ByteBuffer b = ByteBuffer.allocate(4 * header.length);
        for (int v : header) {
            b.putInt(v);
        }
        return new ByteArrayInputStream(b.array());
    }

    @Test
    void idxHeaderAloneCannotClaimTheMemoryOfItsShape() {
        IOException e = assertThrows(IOException.class, () -> Idx.read(idx(0x803, 60000, 28, 28), "x.idx"));
        assertEquals("x.idx: truncated, expected 47040000 data bytes, found 0", e.getMessage());
    }

    @Test
    void idxShapeAboveTheElementLimitIsRefusedWithTheLimitToRaise() {
        var e = assertThrows(Limit.LimitExceededException.class,
                () -> Idx.read(idx(0x802, 65536, 65536), "x.idx"));
        assertEquals("IDX file x.idx (shape [65536, 65536]) needs 4294967296 elements in one array, above the "
                + "limit of 268435456" + RAISE, e.getMessage());
    }

    @Test
    void idxShapeWhoseProductOverflowsIsRefusedAsAboveTheLimit() {
        int max = Integer.MAX_VALUE;
        var e = assertThrows(Limit.LimitExceededException.class,
                () -> Idx.read(idx(0x804, max, max, max, max), "x.idx"));
        assertEquals("IDX file x.idx (shape [" + max + ", " + max + ", " + max + ", " + max + "]) needs more than "
                + "9.2e18 elements in one array, above the limit of 268435456" + RAISE, e.getMessage());
    }

    @Test
    void idxShapeNoTensorCanHoldIsAFormatErrorNamingTheFile() {
        IOException e = assertThrows(IOException.class, () -> Idx.read(idx(0x803, 16128, 83886080, 0), "x.idx"));
        assertEquals("x.idx: shape [16128, 83886080, 0] has more than 2^31 elements", e.getMessage());
    }

    @Test
    void libsvmIndexBeyondTheElementLimitIsRefusedBeforeTheDenseMatrix() {
        var in = new ByteArrayInputStream("1 1000000000:1\n".getBytes(StandardCharsets.UTF_8));
        var e = assertThrows(Limit.LimitExceededException.class, () -> LibSvm.read(in, "w", 0));
        assertEquals("LIBSVM data w (1 examples × 1000000000 features) needs 1000000000 elements in one array, "
                + "above the limit of 268435456" + RAISE, e.getMessage());
    }

    @Test
    void libsvmIndexThatIsNotAWholeNumberIsRefusedWithItsLine() {
        var in = new ByteArrayInputStream("1 1:1\n-1 99999999999:2\n".getBytes(StandardCharsets.UTF_8));
        IOException e = assertThrows(IOException.class, () -> LibSvm.read(in, "w", 0));
        assertEquals("w line 2: index '99999999999' is not a whole number from 1 to 2147483647", e.getMessage());
    }

    @Test
    void libsvmLabelThatIsNotANumberIsRefusedWithItsLine() {
        var in = new ByteArrayInputStream("yes 1:1\n".getBytes(StandardCharsets.UTF_8));
        IOException e = assertThrows(IOException.class, () -> LibSvm.read(in, "w", 0));
        assertEquals("w line 1: label 'yes' is not a number", e.getMessage());
    }

    @Test
    void csvLineOfEmptyFieldsIsAFormatErrorNamingTheField() {
        var in = new ByteArrayInputStream(",\n".getBytes(StandardCharsets.UTF_8));
        IOException e = assertThrows(IOException.class, () -> SklearnCsv.read(in, "c"));
        assertEquals("c line 1: field 1 '' is not a number", e.getMessage());
    }

    @Test
    void csvTrailingCommaIsAnEmptyFieldNotADroppedOne() {
        var in = new ByteArrayInputStream("1,2,0\n3,4,\n".getBytes(StandardCharsets.UTF_8));
        IOException e = assertThrows(IOException.class, () -> SklearnCsv.read(in, "c"));
        assertEquals("c line 2: field 3 '' is not a number", e.getMessage());
    }

    @Test
    void imageWhoseHeaderClaimsTooManyPixelsIsRefusedBeforeDecoding() {
        var e = assertThrows(Limit.LimitExceededException.class,
                () -> GreyImage.read(new ByteArrayInputStream(png(100000, 100000)), "big.png"));
        assertEquals("image big.png (100000 × 100000 pixels) needs 10000000000 elements in one array, above the "
                + "limit of 268435456" + RAISE, e.getMessage());
    }

    @Test
    void bytesOfNoImageFormatAreAnIoErrorNamingTheSource() {
        var in = new ByteArrayInputStream("no image".getBytes(StandardCharsets.UTF_8));
        IOException e = assertThrows(IOException.class, () -> GreyImage.read(in, "x.png"));
        assertEquals("x.png: no ImageIO reader for its format", e.getMessage());
    }

    /** A PNG signature and header chunk of a grey 8-bit image of this size, without pixel data. */
    private static byte[] png(int width, int height) {
        ByteBuffer chunk = ByteBuffer.allocate(17).put("IHDR".getBytes(StandardCharsets.US_ASCII))
                .putInt(width).putInt(height).put(new byte[] {8, 0, 0, 0, 0});
        CRC32 crc = new CRC32();
        crc.update(chunk.array());
        return ByteBuffer.allocate(8 + 4 + 17 + 4)
                .put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'})
                .putInt(13).put(chunk.array()).putInt((int) crc.getValue()).array();
    }
}
