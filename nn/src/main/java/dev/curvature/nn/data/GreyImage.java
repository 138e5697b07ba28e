package dev.curvature.nn.data;

import dev.curvature.core.DType;
import dev.curvature.core.Limit;
import dev.curvature.core.Tensor;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * A grey-scale PNG (or any image ImageIO reads) as a float64 matrix [height, width] in [0, 1]:
 * 8-bit grey images ({@code TYPE_BYTE_GRAY}, one band) by their sample ÷ 255, 16-bit grey by
 * ÷ 65535, colour images by the luma Y = 0.299R + 0.587G + 0.114B (ITU-R BT.601) ÷ 255.
 */
public final class GreyImage {
    private GreyImage() {}

    /** Reads an image file. */
    public static Tensor read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read image " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads an image from a stream ({@code source} names it in messages). The size in the header is
     * checked against {@link Limit#ELEMENTS} before any pixel is decoded, and a decoder's failure on
     * malformed data is an {@link IOException} like any other unreadable image.
     */
    public static Tensor read(InputStream stream, String source) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(stream)) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new IOException(source + ": no ImageIO reader for its format");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                Limit.ELEMENTS.check(pixels, "image " + source + " (" + reader.getWidth(0) + " × "
                        + reader.getHeight(0) + " pixels)");
                return of(reader.read(0));
            } catch (RuntimeException e) {
                if (e instanceof Limit.LimitExceededException) {
                    throw e;
                }
                throw new IOException(source + ": malformed " + reader.getFormatName() + " data (" + e + ")", e);
            } finally {
                reader.dispose();
            }
        }
    }

    /** The grey values of an image. */
    public static Tensor of(BufferedImage img) {
        int h = img.getHeight();
        int w = img.getWidth();
        Tensor t = Tensor.zeros(DType.F64, h, w);
        Raster r = img.getRaster();
        int type = img.getType();
        if (type == BufferedImage.TYPE_BYTE_GRAY || type == BufferedImage.TYPE_USHORT_GRAY) {
            double scale = type == BufferedImage.TYPE_BYTE_GRAY ? 255.0 : 65535.0;
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) {
                    t.set(r.getSample(j, i, 0) / scale, i, j);
                }
            }
            return t;
        }
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                int rgb = img.getRGB(j, i);
                double y = 0.299 * ((rgb >> 16) & 0xFF) + 0.587 * ((rgb >> 8) & 0xFF) + 0.114 * (rgb & 0xFF);
                t.set(y / 255.0, i, j);
            }
        }
        return t;
    }
}
