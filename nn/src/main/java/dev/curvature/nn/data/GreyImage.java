package dev.curvature.nn.data;

import dev.curvature.core.DType;
import dev.curvature.core.Tensor;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * A grey-scale PNG (or any image ImageIO reads) as a float64 matrix [height, width] in [0, 1]:
 * 8-bit grey images ({@code TYPE_BYTE_GRAY}, one band) by their sample ÷ 255, 16-bit grey by
 * ÷ 65535, colour images by the luma Y = 0.299R + 0.587G + 0.114B (ITU-R BT.601) ÷ 255.
 */
public final class GreyImage {
    private GreyImage() {}

    /** Reads an image file. */
    public static Tensor read(Path file) {
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read image " + file + ": " + e.getMessage(), e);
        }
        if (img == null) {
            throw new IllegalArgumentException("cannot read image " + file + ": no ImageIO reader for its format");
        }
        return of(img);
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
