package fer.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fer.explain.TestNets;
import fer.train.ModelStore;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** {@code fer explain --image} on a saved model: figures and arrays written; one-line errors for bad input. */
class ExplainCommandTest {
    @TempDir
    Path tmp;

    private Path saveModel(String input) {
        ComputationGraph net = TestNets.tiny(16, 3, 7, DataType.FLOAT, 51);
        return ModelStore.save(net, tmp.resolve("models"), "tiny", Map.of("name", "tiny", "dataset", "test",
                "classes", java.util.List.of("ANGRY", "DISGUST", "FEAR", "HAPPY", "SAD", "SURPRISE", "NEUTRAL"),
                "model", Map.of("input", input)));
    }

    @Test
    void explainsAnImageFileWithEveryMethod() throws Exception {
        Path zip = saveModel("16x16x3");
        BufferedImage img = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 30; y++) for (int x = 0; x < 40; x++) img.setRGB(x, y, (x * 6) << 16 | (y * 8) << 8 | 90);
        Path png = tmp.resolve("face.png");
        ImageIO.write(img, "png", png.toFile());
        Path out = tmp.resolve("out");
        int rc = FerCli.run("explain", "--model", zip.toString(), "--image", png.toString(), "--method", "all", "--out", out.toString());
        assertEquals(0, rc);
        for (String f : new String[] {"fig17-saliency.png", "saliency-per-class.png", "faces.csv", "vanilla.npy", "smoothgrad.npy",
            "ig-black.npy", "ig-blur.npy", "gradcam.npy", "occlusion.npy"}) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        INDArray maps = Nd4j.createFromNpyFile(out.resolve("gradcam.npy").toFile());
        assertArrayEquals(new long[] {1, 16, 16}, maps.shape());
        BufferedImage fig = ImageIO.read(out.resolve("fig17-saliency.png").toFile());
        assertTrue(fig.getHeight() > 7 * 48, "one row per method (6) plus the input: height " + fig.getHeight());
    }

    @Test
    void unreadableImageIsAOneLineErrorNamingTheFile() throws Exception {
        Path zip = saveModel("16x16x3");
        Path bad = tmp.resolve("not-an-image.png");
        Files.writeString(bad, "hello");
        String err = run("explain", "--model", zip.toString(), "--image", bad.toString());
        assertTrue(err.startsWith("rc=2 "), err);
        assertTrue(err.contains("not-an-image.png") && err.strip().lines().count() == 1, err);
    }

    @Test
    void modelWhoseInputDoesNotMatchItsManifestIsAClearError() throws Exception {
        Path zip = saveModel("48x48x3");
        Path png = tmp.resolve("face.png");
        ImageIO.write(new BufferedImage(48, 48, BufferedImage.TYPE_BYTE_GRAY), "png", png.toFile());
        String err = run("explain", "--model", zip.toString(), "--image", png.toString());
        assertTrue(err.startsWith("rc=2 ") && err.contains("48x48x3") && err.strip().lines().count() == 1, err);
    }

    private static String run(String... args) {
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true));
        try {
            int rc = FerCli.run(args);
            return "rc=" + rc + " " + buf;
        } finally {
            System.setErr(old);
        }
    }
}
