package dev.curvature.problems.phase;

import dev.curvature.core.DType;
import dev.curvature.core.Tensor;
import dev.curvature.core.random.RandomStream;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Signals for phase retrieval: a random unit vector, or a real grey image read from a PNG file
 * (for instance {@code camera.png} of scikit-image's data, shipped in Debian's python3-skimage
 * package under {@code /usr/lib/python3/dist-packages/skimage/data/}). Nothing is downloaded.
 */
public final class Signals {
    private Signals() {}

    /** x* uniform on the unit sphere of R^n. */
    public static Tensor random(int n, RandomStream rng) {
        return rng.uniformOnSphere(Tensor.zeros(DType.F64, n), 1.0);
    }

    /**
     * A grey image as a signal of length size², row by row: the image is read with ImageIO (its
     * first band; 8- or 16-bit grey, or the first channel of a colour image), reduced to size×size
     * by averaging the pixels of each cell (area averaging, which needs width and height ≥ size),
     * and scaled to [0, 1] by the band's maximum value.
     *
     * @throws IllegalArgumentException when the file is missing, unreadable or too small, with its path
     */
    public static Tensor image(Path path, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("phase_retrieval: image_size = " + size + " is outside [1, ∞)");
        }
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("phase_retrieval: image " + path + " does not exist (grey PNG files "
                    + "such as camera.png are in Debian's python3-skimage package: apt-get download python3-skimage "
                    + "&& dpkg-deb -x python3-skimage_*.deb DIR, then DIR/usr/lib/python3/dist-packages/skimage/data/)");
        }
        BufferedImage img;
        try {
            img = ImageIO.read(path.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("phase_retrieval: cannot read image " + path + ": " + e.getMessage(), e);
        }
        if (img == null) {
            throw new IllegalArgumentException("phase_retrieval: " + path + " is not an image ImageIO can read");
        }
        int w = img.getWidth();
        int h = img.getHeight();
        if (w < size || h < size) {
            throw new IllegalArgumentException("phase_retrieval: image " + path + " is " + w + "×" + h
                    + ", smaller than image_size = " + size);
        }
        Raster raster = img.getRaster();
        double max = (1L << raster.getSampleModel().getSampleSize(0)) - 1;
        Tensor x = Tensor.zeros(DType.F64, size * size);
        for (int i = 0; i < size; i++) {
            int y0 = (int) ((long) i * h / size);
            int y1 = (int) ((long) (i + 1) * h / size);
            for (int j = 0; j < size; j++) {
                int x0 = (int) ((long) j * w / size);
                int x1 = (int) ((long) (j + 1) * w / size);
                double sum = 0;
                for (int yy = y0; yy < y1; yy++) {
                    for (int xx = x0; xx < x1; xx++) {
                        sum += raster.getSample(xx, yy, 0);
                    }
                }
                x.set(sum / ((double) (y1 - y0) * (x1 - x0) * max), i * size + j);
            }
        }
        return x;
    }
}
