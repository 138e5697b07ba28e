package dev.curvature.core.io;

import dev.curvature.core.DType;
import dev.curvature.core.ShapeException;
import dev.curvature.core.Tensor;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
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

    private Npy() {}

    /**
     * Writes {@code t} to {@code path} atomically: the data go to a temporary file in the same
     * directory that is then renamed, so an existing file is never left half-written.
     */
    public static void write(Path path, Tensor t) throws IOException {
        Path dir = path.toAbsolutePath().getParent();
        // createTempFile alone makes an owner-only (0600) file on POSIX systems, which the rename
        // would hand on to the result; ask for rw-rw-rw- so that the umask decides, as for any file.
        Path tmp = dir.getFileSystem().supportedFileAttributeViews().contains("posix")
                ? Files.createTempFile(dir, path.getFileName().toString(), ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-rw-rw-")))
                : Files.createTempFile(dir, path.getFileName().toString(), ".tmp");
        try {
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

    /** Reads a .npy file. */
    public static Tensor read(Path path) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
            return read(in, path.toString());
        }
    }

    /** Reads one array in .npy format from {@code in}; {@code source} names it in error messages. */
    public static Tensor read(InputStream in, String source) throws IOException {
        DataInputStream data = new DataInputStream(in);
        byte[] magic = new byte[MAGIC.length];
        readFully(data, magic, source, "magic string");
        for (int i = 0; i < MAGIC.length; i++) {
            if (magic[i] != MAGIC[i]) {
                throw new NpyFormatException(source + ": not a .npy file (bad magic string)");
            }
        }
        byte[] version = new byte[2];
        readFully(data, version, source, "format version");
        int major = Byte.toUnsignedInt(version[0]);
        long headerLen;
        if (major == 1) {
            byte[] len = new byte[2];
            readFully(data, len, source, "header length");
            headerLen = Short.toUnsignedInt(ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getShort());
        } else if (major == 2 || major == 3) {
            byte[] len = new byte[4];
            readFully(data, len, source, "header length");
            headerLen = Integer.toUnsignedLong(ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getInt());
        } else {
            throw new NpyFormatException(source + ": unsupported .npy format version " + major);
        }
        if (headerLen > 1 << 24) {
            throw new NpyFormatException(source + ": header length " + headerLen + " is implausible");
        }
        byte[] hb = new byte[(int) headerLen];
        readFully(data, hb, source, "header");
        String header = new String(hb, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        String descr = group(DESCR, header, source, "descr");
        boolean fortran = group(FORTRAN, header, source, "fortran_order").equals("True");
        int[] shape = parseShape(group(SHAPE, header, source, "shape"), source);
        Element el = Element.parse(descr, source);
        Tensor t;
        try {
            t = Tensor.zeros(el.dtype, shape);
        } catch (ShapeException e) {
            throw new NpyFormatException(source + ": " + e.getMessage());
        }
        int n = t.size();
        byte[] raw = new byte[Math.multiplyExact(n, el.size)];
        readFully(data, raw, source, "data (" + n + " elements of " + descr + ")");
        ByteBuffer bb = ByteBuffer.wrap(raw).order(el.order);
        int[] cStrides = t.strides();
        int[] fStrides = new int[shape.length];
        for (int a = 0, s = 1; a < shape.length; a++) {
            fStrides[a] = s;
            s *= Math.max(1, shape[a]);
        }
        for (int i = 0; i < n; i++) {
            // file element i is stored in the file's order; find its C-order position
            int pos = i;
            if (fortran) {
                int rem = i;
                pos = 0;
                for (int a = 0; a < shape.length; a++) {
                    int idx = rem % Math.max(1, shape[a]);
                    rem /= Math.max(1, shape[a]);
                    pos += idx * cStrides[a];
                }
            }
            t.setFlat(pos, el.read(bb, i * el.size));
        }
        return t;
    }

    private static String group(Pattern p, String header, String source, String key) throws NpyFormatException {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new NpyFormatException(source + ": header has no valid '" + key + "' entry: " + header.trim());
        }
        return m.group(1);
    }

    private static int[] parseShape(String s, String source) throws NpyFormatException {
        List<Integer> dims = new ArrayList<>();
        for (String part : s.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            try {
                dims.add(Integer.parseInt(p.endsWith("L") ? p.substring(0, p.length() - 1) : p));
            } catch (NumberFormatException e) {
                throw new NpyFormatException(source + ": shape entry '" + p + "' is not an integer");
            }
        }
        return dims.stream().mapToInt(Integer::intValue).toArray();
    }

    private static void readFully(DataInputStream in, byte[] b, String source, String what) throws IOException {
        try {
            in.readFully(b);
        } catch (EOFException e) {
            throw new NpyFormatException(source + ": file ends inside the " + what);
        }
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
