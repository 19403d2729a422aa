package fer.evaluate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fer.data.Emotion;
import fer.data.InMemoryImages;
import java.awt.geom.AffineTransform;
import java.awt.image.AffineTransformOp;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Predictions in batches against the network run image by image, and test-time views against AWT's geometry. */
class PredictorTest {
    private static final int SIDE = 24;

    static InMemoryImages images(int n, long seed) {
        Random rnd = new Random(seed);
        byte[] px = new byte[n * SIDE * SIDE];
        rnd.nextBytes(px);
        int[] labels = new int[n];
        String[] src = new String[n];
        for (int i = 0; i < n; i++) {
            labels[i] = rnd.nextInt(7);
            src[i] = "img" + i;
        }
        return new InMemoryImages("test images", SIDE, Emotion.FER2013, px, labels, src);
    }

    /** What the network outputs for one image alone: gray scaled to [0,1], copied to each channel. */
    static float[] alone(ComputationGraph net, byte[] px, int channels) {
        INDArray x = Nd4j.create(DataType.FLOAT, 1, channels, SIDE, SIDE);
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < SIDE; y++) for (int xx = 0; xx < SIDE; xx++) x.putScalar(new long[] {0, c, y, xx}, (px[y * SIDE + xx] & 0xFF) / 255f);
        }
        return net.output(false, x)[0].toFloatVector();
    }

    @Test
    void batchedPredictionsMatchTheNetworkImageByImage() {
        InMemoryImages imgs = images(23, 1);
        ComputationGraph net = TinyNets.fixed(SIDE, 3, 7, 5);
        Predictions p = Predictor.predict("tiny", net, new Predictor.Input(SIDE, 3), imgs, Split.TEST, Tta.NONE, 5, fer.Progress.NONE.meter("", ""));
        for (int i = 0; i < imgs.size(); i++) {
            float[] want = alone(net, imgs.pixels(i), 3);
            for (int c = 0; c < 7; c++) assertEquals(want[c], p.probability(i, c), 1e-5, "image " + i + " class " + c);
        }
        // an untrained but sharpened net must not predict one class for all: otherwise the check above is weak
        assertTrue(java.util.stream.IntStream.range(0, imgs.size()).map(p::predicted).distinct().count() > 1);
    }

    @Test
    void flipAveragesTheImageAndItsMirror() {
        InMemoryImages imgs = images(6, 2);
        ComputationGraph net = TinyNets.fixed(SIDE, 1, 7, 9);
        Predictions p = Predictor.predict("tiny", net, new Predictor.Input(SIDE, 1), imgs, Split.TEST, Tta.FLIP, 4, fer.Progress.NONE.meter("", ""));
        for (int i = 0; i < imgs.size(); i++) {
            float[] a = alone(net, imgs.pixels(i), 1);
            float[] b = alone(net, awtMirror(imgs.pixels(i)), 1);
            for (int c = 0; c < 7; c++) assertEquals((a[c] + b[c]) / 2, p.probability(i, c), 1e-5);
        }
    }

    @Test
    void tenCropViewsAreTheCornersAndCentreAndTheirMirrors() {
        InMemoryImages imgs = images(3, 3);
        List<InMemoryImages> views = Tta.TEN_CROP.views(imgs);
        assertEquals(10, views.size());
        int crop = (int) Math.round(SIDE * Tta.CROP_SHARE);
        BufferedImage src = gray(imgs.pixels(1));
        int[][] xy = {{0, 0}, {SIDE - crop, 0}, {0, SIDE - crop}, {SIDE - crop, SIDE - crop}, {(SIDE - crop) / 2, (SIDE - crop) / 2}};
        for (int v = 0; v < 5; v++) {
            byte[] sub = pixels(src.getSubimage(xy[v][0], xy[v][1], crop, crop), crop);
            byte[] want = fer.data.Gray.resize(sub, crop, crop, SIDE);
            assertArrayEquals(want, views.get(2 * v).pixels(1), "crop " + v);
            assertArrayEquals(awtMirror(want), views.get(2 * v + 1).pixels(1), "mirrored crop " + v);
            assertEquals(imgs.label(1), views.get(2 * v).label(1));
        }
        assertNotEquals(java.util.Arrays.toString(views.get(0).pixels(0)), java.util.Arrays.toString(views.get(6).pixels(0)));
    }

    @Test
    void samplesAreSeededAndOfTheAskedKind() {
        InMemoryImages imgs = images(60, 4);
        ComputationGraph net = TinyNets.fixed(SIDE, 1, 7, 11);
        Predictions p = Predictor.predict("tiny", net, new Predictor.Input(SIDE, 1), imgs, Split.TEST, Tta.NONE, 16, fer.Progress.NONE.meter("", ""));
        assertEquals(p.sample(false, 8, 42), p.sample(false, 8, 42));
        assertNotEquals(p.sample(false, 8, 42), p.sample(false, 8, 43));
        for (int i : p.sample(false, 8, 42)) assertTrue(!p.correct(i));
        for (int i : p.sample(true, 8, 42)) assertTrue(p.correct(i));
        List<Integer> worst = p.mostConfidentMistakes(10);
        for (int k = 1; k < worst.size(); k++) assertTrue(p.confidence(worst.get(k - 1)) >= p.confidence(worst.get(k)));
        for (int i : p.indices(false)) assertTrue(worst.contains(i) || p.confidence(i) <= p.confidence(worst.get(worst.size() - 1)));
        assertEquals(p.indices(true).size() / (double) imgs.size(), p.accuracy(), 1e-12);
        BufferedImage grid = p.grid(worst, 5, 2);
        assertEquals(2, (grid.getHeight() + 20) / (SIDE * 2 + 17), "two rows of five");
    }

    private static BufferedImage gray(byte[] px) {
        BufferedImage img = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setDataElements(0, 0, SIDE, SIDE, px);
        return img;
    }

    private static byte[] pixels(BufferedImage img, int side) {
        BufferedImage copy = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY);
        copy.getGraphics().drawImage(img, 0, 0, null);
        byte[] out = new byte[side * side];
        copy.getRaster().getDataElements(0, 0, side, side, out);
        return out;
    }

    /** Left-right mirror by AWT's affine transform: an implementation independent of {@link Tta}. */
    private static byte[] awtMirror(byte[] px) {
        AffineTransform flip = AffineTransform.getScaleInstance(-1, 1);
        flip.translate(-SIDE, 0);
        BufferedImage out = new AffineTransformOp(flip, AffineTransformOp.TYPE_NEAREST_NEIGHBOR).filter(gray(px), null);
        return pixels(out, SIDE);
    }
}
