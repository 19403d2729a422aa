package fer.model;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class InputPreprocessingTest {
    private static final Map<String, Object> FACEAPI = Map.of(
            "model", Map.of("input", "112x112x3"),
            "input_preprocessing", Map.of("color", "rgb", "side", 112, "pad_to_square", true,
                    "mean_rgb", List.of(122.782, 117.001, 104.298), "scale", 1 / 255.0, "resize", "tf-bilinear"));

    @Test
    void projectManifestMeansGrayOverTwoFiftyFiveCopiedToEachChannel() {
        InputPreprocessing p = InputPreprocessing.fromManifest(Map.of("model", Map.of("input", "4x4x3")));
        assertEquals(InputPreprocessing.project(4, 3), p);
        BufferedImage img = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        img.setRGB(1, 2, 0xC86432); // r 200, g 100, b 50 -> BT.601 0.299*200 + 0.587*100 + 0.114*50 = 124.2 -> 124
        INDArray x = p.toInput(img);
        assertArrayEquals(new long[] {1, 3, 4, 4}, x.shape());
        for (int c = 0; c < 3; c++) {
            assertEquals(124 / 255.0, x.getDouble(0, c, 2, 1), 1e-7);
            assertEquals(0.0, x.getDouble(0, c, 0, 0), 0.0);
        }
    }

    @Test
    void faceApiManifestRoundTripsAndNormalisesPerChannel() {
        InputPreprocessing p = InputPreprocessing.fromManifest(FACEAPI);
        assertEquals(InputPreprocessing.Color.RGB, p.color());
        assertEquals(p, InputPreprocessing.fromManifest(Map.of("model", Map.of("input", "112x112x3"),
                "input_preprocessing", p.toManifest())));
        BufferedImage img = new BufferedImage(112, 112, BufferedImage.TYPE_INT_RGB);
        img.setRGB(5, 7, 0xFF8000);
        INDArray x = p.toInput(img);
        // (v - mean) / 255 per RGB channel, as face-api's normalize(x, meanRgb).div(255)
        assertEquals((255 - 122.782) / 255, x.getDouble(0, 0, 7, 5), 1e-6);
        assertEquals((128 - 117.001) / 255, x.getDouble(0, 1, 7, 5), 1e-6);
        assertEquals((0 - 104.298) / 255, x.getDouble(0, 2, 7, 5), 1e-6);
    }

    @Test
    void padsTheShortSideWithBlackTheOddPixelAfterTheImage() {
        InputPreprocessing p = new InputPreprocessing(InputPreprocessing.Color.RGB, 6, 3, true,
                List.of(0.0, 0.0, 0.0), 1.0, InputPreprocessing.Resize.TF_BILINEAR);
        BufferedImage img = new BufferedImage(3, 6, BufferedImage.TYPE_INT_RGB); // width 3: 3 columns of padding
        for (int y = 0; y < 6; y++) for (int x = 0; x < 3; x++) img.setRGB(x, y, 0xFFFFFF);
        float[] red = p.resizedPlanes(img)[0];
        // face-api: round(3 / 2) = 2 columns after the image, 1 before
        float[] row = java.util.Arrays.copyOfRange(red, 0, 6);
        assertArrayEquals(new float[] {0, 255, 255, 255, 0, 0}, row);
    }

    @Test
    void tfBilinearSamplesAtDstTimesRatioWithoutHalfPixelCentres() {
        // 2x2 -> 4x4: source coordinates 0, 0.5, 1, 1.5 (clamped to the last pixel), as tf.image.resizeBilinear
        byte[] src = {0, 100, (byte) 200, (byte) 250};
        float[] out = InputPreprocessing.tfBilinear(src, 2, 2, 4);
        assertArrayEquals(new float[] {0, 50, 100, 100}, java.util.Arrays.copyOfRange(out, 0, 4), 1e-6f);
        assertArrayEquals(new float[] {100, 137.5f, 175, 175}, java.util.Arrays.copyOfRange(out, 4, 8), 1e-6f);
        assertArrayEquals(new float[] {200, 225, 250, 250}, java.util.Arrays.copyOfRange(out, 12, 16), 1e-6f);
    }

    @Test
    void aBgrMatRegionGivesTheSameInputAsTheImage() {
        InputPreprocessing p = InputPreprocessing.fromManifest(FACEAPI);
        InputPreprocessing gray = InputPreprocessing.project(48, 1);
        BufferedImage img = new BufferedImage(30, 40, BufferedImage.TYPE_INT_RGB);
        java.util.SplittableRandom rng = new java.util.SplittableRandom(7);
        try (Mat frame = new Mat(50, 60, opencv_core.CV_8UC3)) {
            byte[] bgr = new byte[50 * 60 * 3];
            for (int y = 0; y < 50; y++) {
                for (int x = 0; x < 60; x++) {
                    int rgb = rng.nextInt(1 << 24);
                    int i = (y * 60 + x) * 3;
                    bgr[i] = (byte) rgb;
                    bgr[i + 1] = (byte) (rgb >> 8);
                    bgr[i + 2] = (byte) (rgb >> 16);
                    if (x >= 10 && x < 40 && y >= 5 && y < 45) img.setRGB(x - 10, y - 5, rgb);
                }
            }
            frame.data().put(bgr);
            try (Rect roi = new Rect(10, 5, 30, 40); Mat face = frame.apply(roi)) {
                assertFalse(face.isContinuous(), "a region of a frame: rows are not contiguous");
                assertEquals(p.toInput(img), p.toInput(face));
                assertEquals(gray.toInput(img), gray.toInput(face));
                INDArray batch = p.toBatchOfMats(List.of(face, face));
                assertArrayEquals(new long[] {2, 3, 112, 112}, batch.shape());
                assertEquals(p.toInput(img), batch.slice(0).reshape(1, 3, 112, 112));
            }
        }
    }

    @Test
    void badManifestsAndMatsAreNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> InputPreprocessing.fromManifest(Map.of()));
        assertTrue(e.getMessage().contains("model.input"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> InputPreprocessing.fromManifest(Map.of("model", Map.of("input", "48x48"))));
        assertTrue(e.getMessage().contains("48x48"), e.getMessage());
        try (Mat f = new Mat(4, 4, opencv_core.CV_32FC3)) {
            e = assertThrows(IllegalArgumentException.class, () -> InputPreprocessing.project(48, 1).toInput(f));
            assertTrue(e.getMessage().contains("8-bit"), e.getMessage());
        }
    }
}
