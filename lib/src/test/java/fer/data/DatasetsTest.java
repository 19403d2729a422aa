package fer.data;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {
    @TempDir Path data;

    @Test
    void findsFer2013InItsFormsButNeverTakesTheSyntheticSetForIt() throws IOException {
        assertTrue(Datasets.findFer2013(data).isEmpty());
        SyntheticFer.ensure(data.resolve(Datasets.SYNTHETIC_DIR), SyntheticConfig.quick().withSizes(14, 4), fer.Progress.NONE);
        assertTrue(Datasets.findFer2013(data).isEmpty(), "synthetic-fer/ is not FER-2013");
        Fixtures.write(Fixtures.gray(48, 48, 1), "png", data.resolve("fer2013/train/happy/1.png"));
        assertEquals(data.resolve("fer2013"), Datasets.findFer2013(data).orElseThrow());
        Files.writeString(data.resolve("fer2013.csv"), "emotion,pixels,Usage\n3," + Fixtures.pixels(0) + ",Training\n");
        assertEquals(data.resolve("fer2013.csv"), Datasets.findFer2013(data).orElseThrow());
    }

    @Test
    void loadWithSourceDetectsTheFormAndNamesTheDataset() throws IOException {
        Files.writeString(data.resolve("fer2013.csv"), "emotion,pixels,Usage\n3," + Fixtures.pixels(0) + ",Training\n");
        FerDataset d = Datasets.load(DatasetConfig.paper().withSource(data), fer.Progress.NONE);
        assertEquals("FER-2013", d.name());
        assertEquals(DatasetFormat.CSV, d.format());
        assertFalse(d.isSynthetic());
        Path synth = data.resolve("s");
        SyntheticFer.ensure(synth, SyntheticConfig.quick().withSizes(14, 4), fer.Progress.NONE);
        SplitDataset parts = Datasets.loadSplit(DatasetConfig.paper().withSource(synth), fer.Progress.NONE);
        assertEquals("synthetic FER", parts.datasetName());
        assertEquals(14 + 4, parts.train().size() + parts.validation().size() + parts.test().size());
        assertEquals(4, parts.test().size());
    }
}
