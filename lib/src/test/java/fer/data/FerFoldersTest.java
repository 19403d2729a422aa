package fer.data;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FerFoldersTest {
    @TempDir Path root;

    /**
     * Class folders spelled as different copies spell them (Disgusted, FEARFUL, surprised), PNG and JPEG,
     * 48×48 gray, 96×96 RGB and 64×40 images. Sorted alphabetically the folders would give neutral label 4;
     * by name it must be 6.
     */
    void mixedFolderForm() throws IOException {
        Fixtures.write(Fixtures.gray(48, 48, 10), "png", root.resolve("train/angry/a1.png"));
        Fixtures.write(Fixtures.gray(48, 48, 20), "png", root.resolve("train/angry/a2.png"));
        Fixtures.write(Fixtures.gray(48, 48, 30), "png", root.resolve("train/Disgusted/d1.png"));
        Fixtures.write(Fixtures.rgb(96, 96, 200, 100, 50), "jpg", root.resolve("train/FEARFUL/f1.jpg"));
        Fixtures.write(Fixtures.gray(64, 40, 0), "png", root.resolve("train/happy/h1.png"));
        Fixtures.write(Fixtures.gray(48, 48, 40), "png", root.resolve("train/neutral/n1.png"));
        Fixtures.write(Fixtures.gray(48, 48, 50), "png", root.resolve("train/sad/s1.png"));
        Fixtures.write(Fixtures.gray(48, 48, 60), "png", root.resolve("train/surprised/u1.png"));
        Fixtures.write(Fixtures.gray(48, 48, 70), "jpeg", root.resolve("test/Happy/t1.jpeg"));
        Fixtures.write(Fixtures.gray(48, 48, 80), "png", root.resolve("test/NEUTRAL/t2.png"));
    }

    @Test
    void mapsClassFoldersByNameWithExactCounts() throws IOException {
        mixedFolderForm();
        FerDataset d = FerFolders.read(root, ReadOptions.strict());
        assertEquals(DatasetFormat.FOLDERS, d.format());
        assertEquals(10, d.images().size());
        var train = d.splitCounts().get("train");
        assertEquals(2, train.get("angry"));
        assertEquals(1, train.get("disgust"));
        assertEquals(1, train.get("fear"));
        assertEquals(1, train.get("surprise"));
        assertEquals(1, train.get("neutral"));
        assertEquals(1, d.splitCounts().get("test").get("happy"));
        assertEquals(1, d.splitCounts().get("test").get("neutral"));
        int neutral = d.index().stringColumn("file").indexOf("train/neutral/n1.png");
        assertEquals(6, d.images().label(neutral));
        int fear = d.index().stringColumn("file").indexOf("train/FEARFUL/f1.jpg");
        assertEquals(2, d.images().label(fear));
        // original sizes are kept in the index; pixels are resized gray at the requested side
        assertEquals(96, d.index().intColumn("width").get(fear));
        assertEquals(3, d.index().intColumn("channels").get(fear));
        assertEquals(48 * 48, d.images().pixels(fear).length);
        int lum = (299 * 200 + 587 * 100 + 114 * 50) / 1000;
        assertEquals(lum, d.images().pixels(fear)[48 * 24 + 24] & 255, 4, "JPEG colour → BT.601 luminance");
        // a gray PNG's values come through unchanged (no colour-space gamma)
        int angry = d.index().stringColumn("file").indexOf("train/angry/a1.png");
        assertEquals(10 + 5 + 7, d.images().pixels(angry)[7 * 48 + 5] & 255);
    }

    @Test
    void sameOrderWhateverTheFileSystemListing() throws IOException {
        mixedFolderForm();
        FerDataset a = FerFolders.read(root, ReadOptions.strict());
        FerDataset b = FerFolders.read(root, ReadOptions.strict());
        assertEquals(a.index().stringColumn("file").asList(), b.index().stringColumn("file").asList());
        int[] labels = new int[a.images().size()];
        for (int i = 0; i < labels.length; i++) labels[i] = a.images().label(i);
        int[] sorted = labels.clone();
        Arrays.sort(sorted, 0, 8);
        assertArrayEquals(sorted, labels, "train images ordered by label");
    }

    @Test
    void corruptImageFailsStrictAndIsSkippedLenient() throws IOException {
        mixedFolderForm();
        byte[] png = Files.readAllBytes(root.resolve("train/sad/s1.png"));
        Files.write(root.resolve("train/sad/s2.png"), Arrays.copyOf(png, png.length / 2)); // truncated
        Files.writeString(root.resolve("train/sad/s3.png"), "not an image");
        BadDataException e = assertThrows(BadDataException.class, () -> FerFolders.read(root, ReadOptions.strict()));
        assertTrue(e.item().endsWith("train/sad/s2.png"), e.item());
        assertTrue(e.getMessage().contains("expected a PNG or JPEG"), e.getMessage());
        FerDataset d = FerFolders.read(root, ReadOptions.lenientDefault());
        assertEquals(10, d.images().size());
        assertEquals(2, d.skipped().size());
        assertEquals("train/sad/s2.png", d.skipped().get(0).item());
        assertEquals("train/sad/s3.png", d.skipped().get(1).item());
    }

    @Test
    void truncatedJpegIsNotSilentlyAccepted() throws IOException {
        Fixtures.write(Fixtures.rgb(64, 64, 90, 120, 30), "jpg", root.resolve("x.jpg"));
        byte[] jpg = Files.readAllBytes(root.resolve("x.jpg"));
        Path cut = root.resolve("cut.jpg");
        Files.write(cut, Arrays.copyOf(jpg, jpg.length * 2 / 3));
        assertThrows(IOException.class, () -> FerFolders.readImage(cut));
    }

    @Test
    void unknownAndEmptyClassFoldersAreReported() throws IOException {
        mixedFolderForm();
        Files.createDirectories(root.resolve("test/sad"));
        Fixtures.write(Fixtures.gray(48, 48, 1), "png", root.resolve("train/confused/c1.png"));
        BadDataException e = assertThrows(BadDataException.class, () -> FerFolders.read(root, ReadOptions.strict()));
        assertEquals("train/confused", e.item());
        assertTrue(e.getMessage().contains("unknown class folder"), e.getMessage());
        FerDataset d = FerFolders.read(root, ReadOptions.lenientDefault());
        assertEquals(10, d.images().size());
        assertEquals(2, d.skipped().size());
        assertTrue(d.skipped().stream().anyMatch(s -> s.item().equals("test/sad") && s.reason().contains("empty class")));
    }

    @Test
    void missingDatasetIsAClearError() {
        BadDataException e = assertThrows(BadDataException.class,
                () -> FerFolders.read(root.resolve("absent"), ReadOptions.lenientDefault()));
        assertTrue(e.getMessage().contains("absent") && e.getMessage().contains("train/<class>"), e.getMessage());
        e = assertThrows(BadDataException.class, () -> Datasets.open(root.resolve("absent"), ReadOptions.strict()));
        assertTrue(e.getMessage().contains("not found"), e.getMessage());
    }
}
