package dev.curvature.problems.phase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curvature.core.DType;
import dev.curvature.core.Tensor;
import dev.curvature.core.random.RandomStream;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.Problem;
import dev.curvature.optim.registry.Registries;
import dev.curvature.problems.FiniteDifferences;
import dev.curvature.problems.ProblemRegistry;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Phase retrieval: derivatives, the measurement model, and signals from images. */
class PhaseRetrievalTest {

    @Test
    void derivativesMatchFiniteDifferencesAndTheSignalIsOptimal() {
        RandomStream rng = RandomStream.of(1);
        for (boolean normalize : new boolean[] {false, true}) {
            Tensor signal = Signals.random(8, rng);
            PhaseRetrievalData data = PhaseRetrievalData.measure(PhaseRetrievalData.gaussianSensing(40, 8, rng), signal,
                    0, rng, DType.F64);
            PhaseRetrieval p = new PhaseRetrieval(data, normalize, 1, DType.F64);
            for (int trial = 0; trial < 3; trial++) {
                Blocks x = p.initialPoint(rng);
                FiniteDifferences.checkGradient(p, x, rng, 100);
                FiniteDifferences.checkHvp(p, x, rng);
            }
            Blocks star = Blocks.single(signal.copy());
            assertEquals(0, p.value(star), 1e-24);
            assertEquals(0, p.value(Blocks.single(signal.copy().scale(-1))), 1e-24);
            assertEquals(0, p.relativeError(Blocks.single(signal.copy().scale(-1))), 1e-15);
            assertEquals(0.0, p.optimum().getAsDouble());
        }
        // y_i = (a_iᵀx*)² exactly.
        Tensor a = Tensor.matrix(DType.F64, new double[][] {{1, 2}, {0, -1}, {3, 1}});
        PhaseRetrievalData d = PhaseRetrievalData.measure(a, Tensor.vector(1, -2), 0, null, DType.F64);
        assertEquals(9, d.measurements().get(0));
        assertEquals(4, d.measurements().get(1));
        assertEquals(1, d.measurements().get(2));
    }

    @Test
    void noisyDataHaveNoKnownOptimum() {
        Problem p = Registries.standard().problems().get("phase_retrieval").create(Map.of("noise", 0.1, "m", 30L, "n", 5L));
        assertTrue(p.optimum().isEmpty());
    }

    @Test
    void imageSignalFromAGreyPng(@TempDir Path dir) throws Exception {
        BufferedImage img = new BufferedImage(8, 6, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 6; y++) {
            for (int x = 0; x < 8; x++) {
                img.getRaster().setSample(x, y, 0, x < 4 ? 255 : 51);
            }
        }
        Path png = dir.resolve("half.png");
        ImageIO.write(img, "png", png.toFile());
        Tensor s = Signals.image(png, 2);
        assertEquals(4, s.size());
        assertEquals(1.0, s.get(0), 1e-15);
        assertEquals(0.2, s.get(1), 1e-15);
        assertEquals(1.0, s.get(2), 1e-15);
        Problem p = Registries.standard().problems().get("phase_retrieval").create(Map.of("image", png.toString(),
                "image_size", 2L, "m", 12L));
        assertEquals(4, p.initialPoint(RandomStream.of(0)).size());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> Signals.image(dir.resolve("camera.png"), 16));
        assertTrue(missing.getMessage().startsWith("phase_retrieval: image " + dir.resolve("camera.png")
                + " does not exist"), missing.getMessage());
        Files.writeString(dir.resolve("text.png"), "not an image");
        assertThrows(IllegalArgumentException.class, () -> Signals.image(dir.resolve("text.png"), 2));
        assertThrows(IllegalArgumentException.class, () -> Signals.image(png, 7));
    }
}
