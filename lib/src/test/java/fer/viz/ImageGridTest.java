package fer.viz;

import static org.junit.jupiter.api.Assertions.*;

import fer.data.Emotion;
import fer.data.InMemoryImages;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.CategoryChart;

class ImageGridTest {
    static byte[] flat(int side, int v) {
        byte[] px = new byte[side * side];
        java.util.Arrays.fill(px, (byte) v);
        return px;
    }

    @Test
    void drawsEachImageZoomedAtItsCell() {
        BufferedImage img = new ImageGrid(4).zoom(3).row(null, List.of(flat(4, 10), flat(4, 200))).render();
        // no captions: cells start at x = 0 and y = 4 (the gap), 12 px wide, 4 px apart
        assertEquals(2 * (12 + 4) + 4, img.getWidth());
        assertEquals(10, img.getRGB(5, 4 + 5) & 255);
        assertEquals(10, img.getRGB(11, 4 + 11) & 255);
        assertEquals(200, img.getRGB(16 + 5, 4 + 5) & 255);
        assertEquals(255, img.getRGB(13, 4 + 5) & 255, "white gap between cells");
    }

    @Test
    void rejectsWrongPixelCountAndCaptionMismatch() {
        var g = new ImageGrid(4);
        assertThrows(IllegalArgumentException.class, () -> g.row("x", List.of(new byte[15])));
        assertThrows(IllegalArgumentException.class, () -> g.row("x", List.of(flat(4, 1)), List.of("a", "b")));
        assertThrows(IllegalStateException.class, g::render);
    }

    @Test
    void samplesPerClassHasOneRowPerPresentClassAndIsSeeded() {
        int n = 30;
        byte[] px = new byte[n * 16];
        int[] labels = new int[n];
        String[] src = new String[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 3 == 0 ? 3 : i % 3;  // classes 1, 2, 3 only
            java.util.Arrays.fill(px, i * 16, (i + 1) * 16, (byte) i);
            src[i] = "img" + i;
        }
        var images = new InMemoryImages("test", 4, Emotion.FER2013, px, labels, src);
        ImageGrid g = ImageGrid.samplesPerClass(images, 4, 1);
        assertEquals(3, g.rowCount());
        BufferedImage a = g.render(), b = ImageGrid.samplesPerClass(images, 4, 1).render();
        assertArrayEquals(a.getRGB(0, 0, a.getWidth(), a.getHeight(), null, 0, a.getWidth()),
                b.getRGB(0, 0, b.getWidth(), b.getHeight(), null, 0, b.getWidth()));
    }

    @Test
    void classDistributionHasOneBarPerClassWithItsCount() {
        byte[] px = new byte[5 * 16];
        var images = new InMemoryImages("test", 4, Emotion.FER2013, px, new int[] {3, 3, 1, 6, 3}, new String[] {"a", "b", "c", "d", "e"});
        CategoryChart c = Charts.classDistribution("t", images);
        var s = c.getSeriesMap().get("images");
        assertEquals(List.of("Angry", "Disgust", "Fear", "Happy", "Sad", "Surprise", "Neutral"), s.getXData());
        assertEquals(List.of(0, 1, 0, 3, 0, 0, 1), s.getYData());
        assertThrows(IllegalArgumentException.class, () -> Charts.classDistribution("t", List.of("a"), new int[] {1, 2}));
    }
}
