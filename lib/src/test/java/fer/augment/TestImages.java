package fer.augment;

import fer.data.Emotion;
import fer.data.InMemoryImages;
import java.util.Random;

/** Small image sets made by the tests: textured noise so that every transform visibly changes pixels. */
final class TestImages {
    private TestImages() {}

    /** {@code n} images of {@code side}², labels from {@code counts} (counts per FER-2013 class, repeated). */
    static InMemoryImages withCounts(int side, int[] counts, long seed) {
        int n = 0;
        for (int c : counts) n += c;
        Random rnd = new Random(seed);
        byte[] px = new byte[n * side * side];
        int[] labels = new int[n];
        String[] sources = new String[n];
        int i = 0;
        for (int c = 0; c < counts.length; c++) {
            for (int k = 0; k < counts[c]; k++, i++) {
                labels[i] = c;
                sources[i] = "test:" + i;
                for (int y = 0; y < side; y++) {
                    for (int x = 0; x < side; x++) {
                        // a left-to-right ramp (so flips and shifts matter) plus noise
                        px[i * side * side + y * side + x] = (byte) Math.min(255, x * 200 / side + rnd.nextInt(56));
                    }
                }
            }
        }
        return new InMemoryImages("test images", side, Emotion.FER2013, px, labels, sources);
    }

    /** {@code n} images spread over the 7 classes. */
    static InMemoryImages uniform(int n, int side, long seed) {
        int[] counts = new int[7];
        for (int i = 0; i < n; i++) counts[i % 7]++;
        return withCounts(side, counts, seed);
    }

    /** A black {@code side}² image with a 3×3 white square centred on (cx, cy). */
    static byte[] dot(int side, int cx, int cy) {
        byte[] px = new byte[side * side];
        for (int y = cy - 1; y <= cy + 1; y++) {
            for (int x = cx - 1; x <= cx + 1; x++) px[y * side + x] = (byte) 255;
        }
        return px;
    }

    /** {x, y} of the brightness-weighted centroid. */
    static double[] centroid(byte[] px, int side) {
        double sx = 0, sy = 0, s = 0;
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                int v = px[y * side + x] & 0xFF;
                sx += v * x;
                sy += v * y;
                s += v;
            }
        }
        return new double[] {sx / s, sy / s};
    }
}
