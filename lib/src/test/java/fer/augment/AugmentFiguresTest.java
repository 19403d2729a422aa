package fer.augment;

import static org.junit.jupiter.api.Assertions.*;

import fer.data.InMemoryImages;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class AugmentFiguresTest {
    @Test
    void examplesHaveOneRowPerPresentClassAndAnOriginalPlusAugmentedColumns() {
        InMemoryImages imgs = TestImages.withCounts(48, new int[] {3, 1, 2, 0, 4, 2, 2}, 1);
        BufferedImage a = AugmentFigures.examples(imgs, AugmentConfig.table1(), 5, 7, 2);
        BufferedImage b = AugmentFigures.examples(imgs, AugmentConfig.table1(), 2, 7, 2);
        int cell = 48 * 2 + 4; // fer.viz.ImageGrid: zoomed image + 4 px gap
        assertEquals(3 * cell, a.getWidth() - b.getWidth(), "three more columns");
        assertEquals(18 + 6 * cell, a.getHeight(), "six classes present (below an 18 px caption row)");
        assertEquals(a.getRGB(200, 200), AugmentFigures.examples(imgs, AugmentConfig.table1(), 5, 7, 2).getRGB(200, 200));
    }

    @Test
    void classBalanceTableShowsWhatEachModeDoesToTheCounts() {
        InMemoryImages imgs = TestImages.withCounts(48, new int[] {10, 2, 5, 40, 8, 4, 0}, 2);
        Table t = ClassBalance.table(imgs);
        assertEquals(7, t.rowCount());
        assertEquals(40, t.intColumn(2).getInt(0));
        assertEquals(0, t.intColumn(2).getInt(6));
        assertEquals(69.0 / 6, t.doubleColumn(4).getDouble(1), 0.05);
        assertEquals(69.0 / (6 * 2), t.doubleColumn(3).getDouble(1), 0.001);
    }
}
