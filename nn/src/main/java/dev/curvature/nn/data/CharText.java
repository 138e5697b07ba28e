package dev.curvature.nn.data;

import dev.curvature.core.DType;
import dev.curvature.core.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.TreeSet;

/**
 * A plain text as a sequence of character indices for next-character prediction (as Karpathy's
 * char-rnn and nanoGPT's {@code shakespeare_char}): the vocabulary is the sorted set of distinct
 * Unicode code points of the text, and each code point is replaced by its rank. The text is split
 * into a training prefix and a validation suffix.
 */
public final class CharText {
    private final String name;
    private final int[] vocabulary;
    private final int[] tokens;

    private CharText(String name, String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException(name + ": the text is empty");
        }
        this.name = name;
        TreeSet<Integer> set = new TreeSet<>();
        text.codePoints().forEach(set::add);
        this.vocabulary = set.stream().mapToInt(Integer::intValue).toArray();
        this.tokens = text.codePoints().map(c -> Arrays.binarySearch(vocabulary, c)).toArray();
    }

    /** The text of a string. */
    public static CharText of(String name, String text) {
        return new CharText(name, text);
    }

    /** Reads a UTF-8 text file. */
    public static CharText read(Path file) {
        try {
            return new CharText(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read text " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a UTF-8 text from a stream (closed afterwards). */
    public static CharText read(String name, InputStream in) {
        try (in) {
            return new CharText(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read text " + name + ": " + e.getMessage(), e);
        }
    }

    /** The name. */
    public String name() {
        return name;
    }

    /** Number of distinct characters V. */
    public int vocabularySize() {
        return vocabulary.length;
    }

    /** Length of the text in characters. */
    public int length() {
        return tokens.length;
    }

    /** The token indices (a copy). */
    public int[] tokens() {
        return tokens.clone();
    }

    /** Index of a character (code point), or −1 when it is not in the vocabulary. */
    public int encode(int codePoint) {
        int i = Arrays.binarySearch(vocabulary, codePoint);
        return i >= 0 ? i : -1;
    }

    /** The characters of a sequence of indices. */
    public String decode(int[] indices) {
        StringBuilder sb = new StringBuilder();
        for (int i : indices) {
            sb.appendCodePoint(vocabulary[i]);
        }
        return sb.toString();
    }

    /** Tokens [from, to) with this text's vocabulary. */
    public int[] range(int from, int to) {
        return Arrays.copyOfRange(tokens, from, to);
    }

    /** Index of the first validation character when a fraction {@code validation} of the text is held out. */
    public int splitPoint(double validation) {
        if (!(validation >= 0 && validation < 1)) {
            throw new IllegalArgumentException(name + ": validation fraction " + validation + " is outside [0, 1)");
        }
        return (int) Math.round(tokens.length * (1 - validation));
    }

    /**
     * Non-overlapping windows of tokens [from, to) as a dataset for evaluation: features [n, T] are
     * T consecutive characters, targets [n, T] the characters one position later.
     */
    public Dataset windows(int from, int to, int context) {
        int n = (to - from - 1) / context;
        if (n < 1) {
            throw new IllegalArgumentException(name + ": " + (to - from) + " characters hold no window of "
                    + (context + 1));
        }
        Tensor x = Tensor.zeros(DType.F32, n, context);
        Tensor y = Tensor.zeros(DType.F32, n, context);
        float[] xs = x.floatData();
        float[] ys = y.floatData();
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < context; t++) {
                xs[i * context + t] = tokens[from + i * context + t];
                ys[i * context + t] = tokens[from + i * context + t + 1];
            }
        }
        return new Dataset(name, x, y, vocabulary.length);
    }
}
