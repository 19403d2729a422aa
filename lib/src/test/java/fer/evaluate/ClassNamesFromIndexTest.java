package fer.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import fer.data.ClassNames;
import fer.data.Datasets;
import fer.data.Emotion;
import fer.data.FerDataset;
import fer.data.ReadOptions;
import fer.data.SplitConfig;
import fer.data.SplitDataset;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trap behind the report's Figures 10 and 13: a folder-form FER-2013 is listed alphabetically (angry,
 * disgust, fear, happy, NEUTRAL, SAD, SURPRISE) while FER-2013's labels run angry … sad, surprise, neutral, so
 * naming report rows by position puts three names on the wrong rows. Here each class of a folder-form test
 * part has a different number of images, nothing is trained, and every report row's support must equal its
 * class's count in the dataset's index.
 */
class ClassNamesFromIndexTest {
    /** Test images per class folder, in alphabetical folder order: all different, so a wrong name shows. */
    private static final List<String> FOLDERS = List.of("angry", "disgust", "fear", "happy", "neutral", "sad", "surprise");
    private static final int[] TEST_COUNTS = {1, 2, 3, 4, 5, 6, 7};

    @Test
    void everyRowsSupportIsItsClassCountInTheIndex(@TempDir Path root) throws Exception {
        for (int f = 0; f < FOLDERS.size(); f++) {
            write(root.resolve("train").resolve(FOLDERS.get(f)), 2, f);
            write(root.resolve("test").resolve(FOLDERS.get(f)), TEST_COUNTS[f], 10 * f);
        }
        FerDataset data = Datasets.open(root, ReadOptions.strict());
        SplitDataset parts = Datasets.split(data, SplitConfig.paper());
        var test = Split.TEST.images(parts);
        var net = TinyNets.fixed(48, 1, test.classes().size(), 3);
        Predictions p = Predictor.predict("untrained", net, new Predictor.Input(48, 1), test, Split.TEST, Tta.NONE, 8,
                fer.Progress.NONE.meter("", ""));
        ClassificationReport report = p.report();

        var emotion = data.index().stringColumn("emotion");
        var split = data.index().stringColumn("split");
        int checked = 0;
        for (ClassificationReport.Row row : report.rows()) {
            Emotion e = ClassNames.parse(row.name()).orElseThrow(() -> new AssertionError("row name " + row.name() + " is no class"));
            int inIndex = 0;
            for (int i = 0; i < data.index().rowCount(); i++) {
                if (emotion.get(i).equals(e.id()) && split.get(i).equals("test")) inIndex++;
            }
            assertEquals(inIndex, row.support(), "support of row " + row.name());
            assertEquals(TEST_COUNTS[FOLDERS.indexOf(e.id())], row.support(), "row " + row.name() + " vs its folder");
            checked++;
        }
        assertEquals(7, checked);
        assertEquals(28, report.support());
        // what naming by alphabetical position would have shown: "Sad" with neutral's 5 images
        assertEquals(5, report.row(Emotion.NEUTRAL).support());
        // rows follow the index's labels (FER-2013 order), not the folders' alphabetical order
        assertEquals(Emotion.FER2013.stream().map(Emotion::title).toList(), report.rows().stream().map(ClassificationReport.Row::name).toList());
        assertNotEquals(FOLDERS.get(4), report.rows().get(4).name().toLowerCase());
    }

    private static void write(Path dir, int n, int seed) throws Exception {
        Files.createDirectories(dir);
        for (int k = 0; k < n; k++) {
            BufferedImage img = new BufferedImage(48, 48, BufferedImage.TYPE_BYTE_GRAY);
            for (int y = 0; y < 48; y++) for (int x = 0; x < 48; x++) img.getRaster().setSample(x, y, 0, (seed * 7 + k * 13 + x * y) % 256);
            ImageIO.write(img, "png", dir.resolve("img" + k + ".png").toFile());
        }
    }
}
