package fer.data;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticFerTest {
    @TempDir Path dir;

    @Test
    void allocationKeepsFer2013ProportionsAndSums() {
        int[] c = SyntheticFer.allocate(3600, SyntheticFer.FER_TRAIN);
        assertEquals(3600, java.util.Arrays.stream(c).sum());
        assertEquals(905, c[3]); // happy: 7215/28709 × 3600 = 904.7
        assertEquals(55, c[1]);  // disgust: 54.7
        assertArrayEquals(SyntheticFer.FER_TRAIN, SyntheticFer.allocate(28_709, SyntheticFer.FER_TRAIN));
        assertArrayEquals(SyntheticFer.FER_TEST, SyntheticFer.allocate(7_178, SyntheticFer.FER_TEST));
    }

    @Test
    void imageDependsOnlyOnSeedAndIndexNotOnThreads() throws Exception {
        SyntheticConfig cfg = SyntheticConfig.quick().withSizes(40, 10);
        SyntheticFer.Generated parallel = SyntheticFer.generate(cfg, null);
        SyntheticFer.Generated single = new ForkJoinPool(1).submit(() -> SyntheticFer.generate(cfg, null)).get();
        for (int i = 0; i < cfg.total(); i++) assertArrayEquals(parallel.pixels()[i], single.pixels()[i], "image " + i);
        assertArrayEquals(parallel.labels(), single.labels());
        SyntheticFer.Generated other = SyntheticFer.generate(cfg.withSeed(99), null);
        assertFalse(java.util.Arrays.equals(parallel.pixels()[0], other.pixels()[0]));
    }

    @Test
    void imagesAreVariedFaceSizedGray() {
        SyntheticFer.Generated g = SyntheticFer.generate(SyntheticConfig.quick().withSizes(20, 5), null);
        for (byte[] px : g.pixels()) {
            assertEquals(48 * 48, px.length);
            int min = 255, max = 0;
            for (byte b : px) { min = Math.min(min, b & 255); max = Math.max(max, b & 255); }
            assertTrue(max - min > 40, "an image with contrast, not a flat fill");
        }
        assertFalse(java.util.Arrays.equals(g.pixels()[0], g.pixels()[1]));
    }

    @Test
    void labelNoiseChangesAboutThatShareOfLabels() {
        SyntheticConfig cfg = SyntheticConfig.quick().withSizes(700, 300).withLabelNoise(0.2);
        int[] truth = SyntheticFer.trueLabels(cfg);
        int[] labels = SyntheticFer.recordedLabels(cfg, truth);
        int changed = 0;
        for (int i = 0; i < truth.length; i++) if (labels[i] != truth[i]) changed++;
        assertEquals(200, changed, 45);
        assertArrayEquals(truth, SyntheticFer.recordedLabels(cfg.withLabelNoise(0), truth));
    }

    @Test
    void writtenInBothFer2013FormsReadBackByTheRealReadersAndCached() throws IOException {
        SyntheticConfig cfg = SyntheticConfig.quick().withSizes(70, 20);
        SyntheticFer.ensure(dir, cfg, fer.Progress.NONE);
        FerDataset csv = Datasets.open(dir, ReadOptions.strict());
        FerDataset folders = FerFolders.read(dir, ReadOptions.strict(), "synthetic FER");
        assertEquals("synthetic FER", csv.name());
        assertTrue(csv.isSynthetic());
        assertEquals(90, csv.images().size());
        assertEquals(90, folders.images().size());
        assertEquals(70, csv.splitCounts().get("Training").values().stream().mapToInt(Integer::intValue).sum());
        assertEquals(10, csv.splitCounts().get("PublicTest").values().stream().mapToInt(Integer::intValue).sum());
        assertEquals(70, folders.splitCounts().get("train").values().stream().mapToInt(Integer::intValue).sum());
        // the same image in both forms: CSV row i+2 is train/<class>/0000i.png
        int f = folders.index().stringColumn("file").indexOf("train/" + csv.index().stringColumn("emotion").get(0) + "/00000.png");
        assertArrayEquals(csv.images().pixels(0), folders.images().pixels(f));
        // the stamp makes a second ensure a no-op; a changed config regenerates
        Path csvFile = dir.resolve("fer2013.csv");
        FileTime before = Files.getLastModifiedTime(csvFile);
        Files.setLastModifiedTime(csvFile, FileTime.fromMillis(before.toMillis() - 60_000));
        FileTime old = Files.getLastModifiedTime(csvFile);
        SyntheticFer.ensure(dir, cfg, fer.Progress.NONE);
        assertEquals(old, Files.getLastModifiedTime(csvFile));
        SyntheticFer.ensure(dir, cfg.withSeed(5), fer.Progress.NONE);
        assertNotEquals(old, Files.getLastModifiedTime(csvFile));
    }

    @Test
    void normalQuantilesAndJpegQuantisationBehave() {
        assertEquals(1.959964, SyntheticFaces.inverseNormal(0.975), 1e-5);
        assertEquals(-1.959964, SyntheticFaces.inverseNormal(0.025), 1e-5);
        assertEquals(0, SyntheticFaces.inverseNormal(0.5), 1e-12);
        int[] img = new int[48 * 48];
        for (int i = 0; i < img.length; i++) img[i] = (i * 37 + (i / 48) * 11) % 256;
        int[] hi = img.clone(), lo = img.clone();
        JpegArtefacts.apply(hi, 48, 48, 100);
        JpegArtefacts.apply(lo, 48, 48, 10);
        double errHi = 0, errLo = 0;
        for (int i = 0; i < img.length; i++) { errHi += Math.abs(hi[i] - img[i]); errLo += Math.abs(lo[i] - img[i]); }
        assertTrue(errHi / img.length < 1.0, "quality 100 is nearly lossless: " + errHi / img.length);
        assertTrue(errLo / img.length > 10 * Math.max(0.1, errHi / img.length), "quality 10 loses detail: " + errLo / img.length);
    }
}
