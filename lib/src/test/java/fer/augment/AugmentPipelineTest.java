package fer.augment;

import static org.junit.jupiter.api.Assertions.*;

import fer.augment.GeometricTransform.RandomHorizontalFlip;
import fer.augment.GeometricTransform.RandomRotation;
import fer.augment.GeometricTransform.RandomShift;
import fer.augment.GeometricTransform.RandomZoom;
import java.util.List;
import java.util.SplittableRandom;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

class AugmentPipelineTest {
    private static final int SIDE = 48;

    private static byte[] image(long seed) {
        return TestImages.uniform(1, SIDE, seed).pixels(0);
    }

    private static AugmentPipeline geometric(GeometricTransform... steps) {
        return new AugmentPipeline(List.of(steps), List.of(), FillMode.NEAREST, 1 / 255.0);
    }

    private static byte[] warp(byte[] px, int side, Affine inverse, FillMode fill) {
        AugmentPipeline p = new AugmentPipeline(List.of(new GeometricTransform.Fixed(inverse)), List.of(), fill, 1);
        return p.apply(px, side, side, new SplittableRandom(1));
    }

    @Test
    void flipAppliedTwiceIsTheIdentityAndOnceMirrors() {
        byte[] px = image(1);
        AugmentPipeline flip = geometric(new RandomHorizontalFlip(1.0));
        byte[] once = flip.apply(px, SIDE, SIDE, new SplittableRandom(2));
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) assertEquals(px[y * SIDE + SIDE - 1 - x], once[y * SIDE + x], "(" + x + "," + y + ")");
        }
        assertArrayEquals(px, flip.apply(once, SIDE, SIDE, new SplittableRandom(3)));
    }

    @Test
    void allZeroParametersAreTheIdentity() {
        byte[] px = image(2);
        AugmentPipeline zero = geometric(new RandomRotation(0), new RandomShift(0, 0), new RandomZoom(0),
                new RandomHorizontalFlip(0));
        for (long seed = 0; seed < 5; seed++) {
            assertTrue(zero.sampleInverse(new SplittableRandom(seed), SIDE).isIdentity(1e-12));
            assertArrayEquals(px, zero.apply(px, SIDE, SIDE, new SplittableRandom(seed)));
        }
        AugmentConfig off = AugmentConfig.table1().withRotationRange(0).withZoomRange(0).withShift(0, 0)
                .withHorizontalFlip(false);
        assertTrue(off.isIdentity());
        assertTrue(AugmentPipeline.training(off).isIdentity());
        assertFalse(AugmentPipeline.training(AugmentConfig.table1()).isIdentity());
    }

    @Test
    void rotationOfAKnownPatternLandsWhereExpected() {
        int side = 49; // odd, so the centre (24, 24) is a pixel
        byte[] right = TestImages.dot(side, 24 + 12, 24);
        // +90° turns content counter-clockwise as displayed: right of centre → above centre
        double[] ccw = TestImages.centroid(warp(right, side, Affine.rotation(90).inverse(), FillMode.CONSTANT), side);
        assertEquals(24, ccw[0], 0.05);
        assertEquals(12, ccw[1], 0.05);
        double[] cw = TestImages.centroid(warp(right, side, Affine.rotation(-90).inverse(), FillMode.CONSTANT), side);
        assertEquals(24, cw[0], 0.05);
        assertEquals(36, cw[1], 0.05);
        // 30°: (12, 0) → (12·cos30, −12·sin30)
        double[] r30 = TestImages.centroid(warp(right, side, Affine.rotation(30).inverse(), FillMode.CONSTANT), side);
        assertEquals(24 + 12 * Math.cos(Math.toRadians(30)), r30[0], 0.3);
        assertEquals(24 - 12 * Math.sin(Math.toRadians(30)), r30[1], 0.3);
    }

    @Test
    void shiftMovesContentByTheDrawnPixelsAndZoomFollowsKeras() {
        int side = 49;
        byte[] dot = TestImages.dot(side, 24, 24);
        double[] moved = TestImages.centroid(warp(dot, side, Affine.translation(5, -3).inverse(), FillMode.CONSTANT), side);
        assertEquals(29, moved[0], 1e-6);
        assertEquals(21, moved[1], 1e-6);
        // Keras zoom factor z: output p samples input z·p, so z = 0.5 doubles distances from the centre
        byte[] off = TestImages.dot(side, 24 + 8, 24);
        double[] zoomed = TestImages.centroid(warp(off, side, Affine.scale(0.5, 0.5), FillMode.CONSTANT), side);
        assertEquals(24 + 16, zoomed[0], 0.05);
    }

    @Test
    void randomStepsStayWithinTheirKerasRanges() {
        SplittableRandom rng = new SplittableRandom(7);
        for (int i = 0; i < 500; i++) {
            Affine r = new RandomRotation(15).sampleInverse(rng, SIDE);
            assertTrue(Math.abs(Math.toDegrees(Math.atan2(r.b(), r.a()))) <= 15 + 1e-9);
            Affine s = new RandomShift(0.1, 0.2).sampleInverse(rng, SIDE);
            assertTrue(Math.abs(s.c()) <= 0.1 * SIDE && Math.abs(s.f()) <= 0.2 * SIDE);
            Affine z = new RandomZoom(0.1).sampleInverse(rng, SIDE);
            assertTrue(z.a() >= 0.9 && z.a() <= 1.1 && z.e() >= 0.9 && z.e() <= 1.1);
        }
        int flips = 0;
        for (int i = 0; i < 2000; i++) if (new RandomHorizontalFlip(0.5).sampleInverse(rng, SIDE).a() < 0) flips++;
        assertEquals(1000, flips, 100);
    }

    @Test
    void nearestFillReplicatesEdgesWhereConstantLeavesBlack() {
        byte[] flat = new byte[SIDE * SIDE];
        java.util.Arrays.fill(flat, (byte) 200);
        Affine shift = Affine.translation(-10, 7).inverse();
        for (byte b : warp(flat, SIDE, shift, FillMode.NEAREST)) assertEquals(200, b & 0xFF);
        byte[] constant = warp(flat, SIDE, shift, FillMode.CONSTANT);
        assertEquals(0, constant[0] & 0xFF);
        assertEquals(0, constant[SIDE * SIDE - 1] & 0xFF);
    }

    @Test
    void outputHasTheRequestedSizeAndSameSeedGivesSameImage() {
        AugmentConfig all = AugmentConfig.table1().withBrightnessContrast(0.2, 0.2).withRandomErasing(1).withRandomCrop(0.85);
        AugmentPipeline p = AugmentPipeline.training(all);
        byte[] px = image(3);
        for (int out : new int[] {32, 48, 64}) {
            byte[] a = p.apply(px, SIDE, out, Seeds.random(11, 2, 5));
            assertEquals(out * out, a.length);
            assertArrayEquals(a, p.apply(px, SIDE, out, Seeds.random(11, 2, 5)));
            assertFalse(java.util.Arrays.equals(a, p.apply(px, SIDE, out, Seeds.random(11, 2, 6))));
            assertFalse(java.util.Arrays.equals(a, p.apply(px, SIDE, out, Seeds.random(11, 3, 5))));
        }
    }

    @Test
    void randomErasingReplacesAPartOfTheImage() {
        AugmentPipeline erase = new AugmentPipeline(List.of(), List.of(new PixelTransform.RandomErasing(1)), FillMode.NEAREST, 1);
        byte[] flat = new byte[SIDE * SIDE];
        java.util.Arrays.fill(flat, (byte) 128);
        for (long seed = 0; seed < 20; seed++) {
            byte[] out = erase.apply(flat, SIDE, SIDE, new SplittableRandom(seed));
            int changed = 0;
            for (byte b : out) if (b != (byte) 128) changed++;
            // noise equals 128 for ~1/256 of erased pixels; the area is 2–25% of the image
            assertTrue(changed >= 0.02 * SIDE * SIDE * 0.9 && changed <= 0.25 * SIDE * SIDE + 1, "changed " + changed);
        }
    }

    @Test
    void brightnessAndContrastScaleAroundTheMean() {
        Mat m = new Mat(SIDE, SIDE, org.bytedeco.opencv.global.opencv_core.CV_8UC1);
        byte[] px = image(4);
        m.data().put(px, 0, px.length);
        double before = org.bytedeco.opencv.global.opencv_core.mean(m).get(0);
        new PixelTransform.RandomBrightnessContrast(0, 0.5).apply(m, new SplittableRandom(5));
        double after = org.bytedeco.opencv.global.opencv_core.mean(m).get(0);
        assertEquals(before, after, 1.0, "contrast alone keeps the mean");
        AugmentPipeline bright = new AugmentPipeline(List.of(),
                List.of(new PixelTransform.RandomBrightnessContrast(0.3, 0)), FillMode.NEAREST, 1);
        byte[] out = bright.apply(px, SIDE, SIDE, new SplittableRandom(6));
        double ratio = 0;
        int n = 0;
        for (int i = 0; i < px.length; i++) {
            int v = px[i] & 0xFF, o = out[i] & 0xFF;
            if (v > 20 && o < 255) { ratio += (double) o / v; n++; }
        }
        ratio /= n;
        assertTrue(ratio >= 0.69 && ratio <= 1.31 && Math.abs(ratio - 1) > 1e-3, "ratio " + ratio);
    }

    @Test
    void configRejectsOutOfRangeValuesNamingTheParameter() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AugmentConfig.table1().withZoomRange(1.5));
        assertTrue(e.getMessage().contains("zoomRange") && e.getMessage().contains("1.5"), e.getMessage());
    }

    @Test
    void table1RendersTheReportRowsFromTheConfig() {
        var t = AugmentConfig.table1().toTable();
        assertEquals(List.of("Rescaling", "Rotation", "Zoom", "Horizontal Flipping", "Height & Width Shifting", "Fill Mode"),
                t.stringColumn("Operation").asList());
        assertEquals("Up to 15°", t.stringColumn("Parameters/Range").get(1));
        assertEquals("10%", t.stringColumn("Parameters/Range").get(4));
        assertEquals("Up to 25°", AugmentConfig.table1().withRotationRange(25).toTable().stringColumn("Parameters/Range").get(1));
        assertEquals(2, AugmentConfig.none().toTable().rowCount());
    }
}
