package dev.curvature.core.io;

import dev.curvature.core.DType;
import dev.curvature.core.Limit;
import dev.curvature.core.Tensor;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes numpy's {@code .npy} format (format versions 1.0, 2.0 and 3.0), so matrices and
 * trajectories move to and from numpy with {@code np.load} / {@code np.save}.
 *
 * <p>Written files are little-endian {@code <f4} or {@code <f8}, C order. Reading accepts float32
 * and float64 in either byte order (kept as F32 / F64), signed and unsigned integers of 1–8 bytes
 * and booleans (converted to F64), and C or Fortran order (returned in C order). Object arrays,
 * complex and structured dtypes are rejected with a message naming the dtype.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
    /** Bytes read at a time. */
    private static final int CHUNK = 1 << 16;
    /** Most axes of a numpy array (numpy 2; numpy 1 allowed 32). */
    private static final int MAX_RANK = 64;

    private Npy() {}

    /**
     * Writes {@code t} to {@code path} atomically: the data go to a temporary file in the same
     * directory that is then renamed, so an existing file is never left half-written. A path that
     * exists and is not a regular file (FIFO, device, directory, symbolic link) is refused with an
     * {@link AtomicFiles.NotRegularFileException}, since the rename would replace it.
     */
    public static void write(Path path, Tensor t) throws IOException {
        AtomicFiles.requireReplaceable(path);
        Path dir = path.toAbsolutePath().getParent();
        // createTempFile alone makes an owner-only (0600) file on POSIX systems, which the rename
        // would hand on to the result; ask for rw-rw-rw- so that the umask decides, as for any file.
        Path tmp = dir.getFileSystem().supportedFileAttributeViews().contains("posix")
                ? Files.createTempFile(dir, path.getFileName().toString(), ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-rw-rw-")))
                : Files.createTempFile(dir, path.getFileName().toString(), ".tmp");
        try {
            WriteGate.check(WriteGate.Op.WRITE, tmp);
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                write(out, t);
            }
            AtomicFiles.replace(tmp, path);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Writes {@code t} in .npy format to {@code out} (not closed). */
    public static void write(OutputStream out, Tensor t) throws IOException {
        String descr = t.dtype() == DType.F32 ? "<f4" : "<f8";
        int[] shape = t.shape();
        StringBuilder sh = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            sh.append(shape[i]).append(shape.length == 1 ? "," : (i + 1 < shape.length ? ", " : ""));
        }
        sh.append(')');
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + sh + ", }";
        // Pad with spaces and a final newline so that the data start at a multiple of 64 bytes.
        int prefixV1 = MAGIC.length + 2 + 2;
        boolean v2 = prefixV1 + dict.length() + 1 > 65535;
        int prefix = v2 ? MAGIC.length + 2 + 4 : prefixV1;
        int total = prefix + dict.length() + 1;
        int pad = (64 - total % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        byte[] hb = header.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer pre = ByteBuffer.allocate(prefix).order(ByteOrder.LITTLE_ENDIAN);
        pre.put(MAGIC).put((byte) (v2 ? 2 : 1)).put((byte) 0);
        if (v2) {
            pre.putInt(hb.length);
        } else {
            pre.putShort((short) hb.length);
        }
        out.write(pre.array());
        out.write(hb);
        int n = t.size();
        int esz = t.dtype().bytes();
        ByteBuffer buf = ByteBuffer.allocate(Math.max(esz, Math.min(n * esz, 1 << 16))).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            if (buf.remaining() < esz) {
                out.write(buf.array(), 0, buf.position());
                buf.clear();
            }
            if (t.dtype() == DType.F32) {
                buf.putFloat((float) t.getFlat(i));
            } else {
                buf.putDouble(t.getFlat(i));
            }
        }
        out.write(buf.array(), 0, buf.position());
        out.flush();
    }

    /**
     * Reads a .npy file. The header's shape is checked against {@link Limit#ELEMENTS} and against
     * the file's size before the array is allocated, so a small file that promises a huge array is
     * refused instead of exhausting the memory.
     */
    public static Tensor read(Path path) throws IOException {
        String source = path.toString();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
            Header h = Header.read(in, source);
            long present = Files.size(path) - h.bytes();
            if (present < h.dataBytes()) {
                throw truncated(source, h, present);
            }
            return h.readData(in, source, true);
        }
    }

    /**
     * Reads one array in .npy format from {@code in}; {@code source} names it in error messages.
     * Any input either gives an array or fails with an {@link IOException} ({@link NpyFormatException}
     * for malformed data) or a {@link Limit.LimitExceededException}; memory grows with the data
     * actually read, never with what the header promises.
     */
    public static Tensor read(InputStream in, String source) throws IOException {
        return Header.read(in, source).readData(in, source, false);
    }

    private static NpyFormatException truncated(String source, Header h, long present) {
        return new NpyFormatException(source + ": truncated: the header promises " + h.dataBytes() + " bytes of data ("
                + Tensor.shapeString(h.shape()) + " of " + h.descr() + "), the file has " + Math.max(0, present));
    }

    /** The parsed header: element type, order and shape, and its own length in bytes. */
    private record Header(String descr, Element el, boolean fortran, int[] shape, long elements, long bytes) {
        /** Longest header accepted; numpy itself reads at most 10 000 bytes unless told otherwise. */
        static final int MAX_HEADER = 1 << 16;
        /** Largest Java array. */
        static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

        long dataBytes() {
            return elements * el.size;
        }

        static Header read(InputStream in, String source) throws IOException {
            byte[] magic = readFully(in, MAGIC.length, source, "magic string");
            for (int i = 0; i < MAGIC.length; i++) {
                if (magic[i] != MAGIC[i]) {
                    throw new NpyFormatException(source + ": not a .npy file (bad magic string)");
                }
            }
            int major = Byte.toUnsignedInt(readFully(in, 2, source, "format version")[0]);
            long headerLen;
            int prefix;
            if (major == 1) {
                prefix = MAGIC.length + 4;
                headerLen = Short.toUnsignedInt(ByteBuffer.wrap(readFully(in, 2, source, "header length"))
                        .order(ByteOrder.LITTLE_ENDIAN).getShort());
            } else if (major == 2 || major == 3) {
                prefix = MAGIC.length + 6;
                headerLen = Integer.toUnsignedLong(ByteBuffer.wrap(readFully(in, 4, source, "header length"))
                        .order(ByteOrder.LITTLE_ENDIAN).getInt());
            } else {
                throw new NpyFormatException(source + ": unsupported .npy format version " + major);
            }
            if (headerLen > MAX_HEADER) {
                throw new NpyFormatException(source + ": header length " + headerLen + " bytes is above the "
                        + MAX_HEADER + " bytes a .npy header may have here (numpy writes a few hundred)");
            }
            byte[] hb = readFully(in, (int) headerLen, source, "header");
            String header = new String(hb, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            String descr = group(DESCR, header, source, "descr");
            boolean fortran = group(FORTRAN, header, source, "fortran_order").equals("True");
            long[] dims = parseShape(group(SHAPE, header, source, "shape"), source);
            Element el = Element.parse(descr, source);
            String shapeText = Arrays.toString(dims);
            if (Arrays.stream(dims).anyMatch(d -> d < 0)) {
                throw new NpyFormatException(source + ": shape " + shapeText + " has a negative dimension");
            }
            long n = Arrays.stream(dims).anyMatch(d -> d == 0) ? 0 : product(dims);
            Limit.ELEMENTS.check(n, source + " (shape " + shapeText + ")");
            if (n > MAX_ARRAY || Arrays.stream(dims).anyMatch(d -> d > MAX_ARRAY)) {
                throw new NpyFormatException(source + ": shape " + shapeText + " has more than " + MAX_ARRAY
                        + " elements (or entries along an axis), the most one array holds");
            }
            int[] shape = Arrays.stream(dims).mapToInt(d -> (int) d).toArray();
            return new Header(descr, el, fortran, shape, n, prefix + headerLen);
        }

        /** The product of positive dimensions, or −1 when it is beyond the long range. */
        private static long product(long[] dims) {
            long n = 1;
            try {
                for (long d : dims) {
                    n = Math.multiplyExact(n, d);
                }
            } catch (ArithmeticException e) {
                return -1;
            }
            return n;
        }

        /**
         * Reads the data in chunks into an array that grows with what has arrived ({@code sized}: the
         * file is known to hold all of it, so the array is allocated at once), then puts it in C order.
         */
        Tensor readData(InputStream in, String source, boolean sized) throws IOException {
            int n = (int) elements;
            boolean f32 = el.dtype == DType.F32;
            int capacity = sized ? n : Math.min(n, CHUNK / el.size);
            float[] fv = f32 ? new float[capacity] : null;
            double[] dv = f32 ? null : new double[capacity];
            byte[] chunk = new byte[(int) Math.min(CHUNK, Math.max(el.size, dataBytes()))];
            ByteBuffer bb = ByteBuffer.wrap(chunk).order(el.order);
            int done = 0;
            while (done < n) {
                int count = Math.min(n - done, chunk.length / el.size);
                int got = in.readNBytes(chunk, 0, count * el.size);
                if (got < count * el.size) {
                    throw truncated(source, this, (long) done * el.size + got);
                }
                if (done + count > capacity) {
                    capacity = (int) Math.min(n, Math.max(done + count, 2L * capacity));
                    fv = f32 ? Arrays.copyOf(fv, capacity) : null;
                    dv = f32 ? null : Arrays.copyOf(dv, capacity);
                }
                for (int i = 0; i < count; i++) {
                    if (f32) {
                        fv[done + i] = (float) el.read(bb, i * el.size);
                    } else {
                        dv[done + i] = el.read(bb, i * el.size);
                    }
                }
                done += count;
            }
            Tensor t = f32 ? Tensor.wrap(fv, shape) : Tensor.wrap(dv, shape);
            return fortran && shape.length > 1 ? fromFortranOrder(t) : t;
        }

        /** The C-order array whose file (Fortran) order is the flat order of {@code flat}. */
        private Tensor fromFortranOrder(Tensor flat) {
            Tensor t = Tensor.zeros(flat.dtype(), shape);
            int[] cStrides = t.strides();
            for (int i = 0, n = t.size(); i < n; i++) {
                int rem = i;
                int pos = 0;
                for (int a = 0; a < shape.length; a++) {
                    int len = Math.max(1, shape[a]);
                    pos += rem % len * cStrides[a];
                    rem /= len;
                }
                t.setFlat(pos, flat.getFlat(i));
            }
            return t;
        }
    }

    private static String group(Pattern p, String header, String source, String key) throws NpyFormatException {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new NpyFormatException(source + ": header has no valid '" + key + "' entry: " + header.trim());
        }
        return m.group(1);
    }

    private static long[] parseShape(String s, String source) throws NpyFormatException {
        List<Long> dims = new ArrayList<>();
        for (String part : s.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            try {
                dims.add(Long.parseLong(p.endsWith("L") ? p.substring(0, p.length() - 1) : p));
            } catch (NumberFormatException e) {
                throw new NpyFormatException(source + ": shape entry '" + p + "' is not an integer"
                        + " from -2^63 to 2^63 - 1");
            }
        }
        if (dims.size() > MAX_RANK) {
            throw new NpyFormatException(source + ": shape has " + dims.size() + " axes, more than the "
                    + MAX_RANK + " numpy allows");
        }
        return dims.stream().mapToLong(Long::longValue).toArray();
    }

    private static byte[] readFully(InputStream in, int n, String source, String what) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length < n) {
            throw new NpyFormatException(source + ": file ends inside the " + what);
        }
        return b;
    }

    /** One element type of the numpy descr string. */
    private record Element(char kind, int size, ByteOrder order, DType dtype) {
        static Element parse(String descr, String source) throws NpyFormatException {
            if (descr.length() < 3) {
                throw new NpyFormatException(source + ": unsupported dtype '" + descr + "'");
            }
            char bo = descr.charAt(0);
            char kind = descr.charAt(1);
            int size;
            try {
                size = Integer.parseInt(descr.substring(2));
            } catch (NumberFormatException e) {
                throw new NpyFormatException(source + ": unsupported dtype '" + descr + "'");
            }
            ByteOrder order = bo == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            if (bo == '=' && ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN) {
                order = ByteOrder.BIG_ENDIAN;
            }
            boolean ok = switch (kind) {
                case 'f' -> size == 4 || size == 8;
                case 'i', 'u' -> size == 1 || size == 2 || size == 4 || size == 8;
                case 'b' -> size == 1;
                default -> false;
            };
            if (!ok || "<>|=".indexOf(bo) < 0) {
                throw new NpyFormatException(source + ": unsupported dtype '" + descr
                        + "' (supported: float32, float64, integers, bool)");
            }
            DType dt = kind == 'f' && size == 4 ? DType.F32 : DType.F64;
            return new Element(kind, size, order, dt);
        }

        double read(ByteBuffer bb, int at) {
            return switch (kind) {
                case 'f' -> size == 4 ? bb.getFloat(at) : bb.getDouble(at);
                case 'b' -> bb.get(at) != 0 ? 1 : 0;
                case 'i' -> switch (size) {
                    case 1 -> bb.get(at);
                    case 2 -> bb.getShort(at);
                    case 4 -> bb.getInt(at);
                    default -> bb.getLong(at);
                };
                default -> switch (size) {
                    case 1 -> Byte.toUnsignedInt(bb.get(at));
                    case 2 -> Short.toUnsignedInt(bb.getShort(at));
                    case 4 -> Integer.toUnsignedLong(bb.getInt(at));
                    default -> unsignedLong(bb.getLong(at));
                };
            };
        }

        private static double unsignedLong(long v) {
            double d = (double) (v >>> 1) * 2.0;
            return d + (v & 1);
        }
    }
}
