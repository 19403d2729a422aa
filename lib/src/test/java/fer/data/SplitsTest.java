package fer.data;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SplitsTest {
    static final int[] TRAIN = {3995, 436, 4097, 7215, 4830, 3171, 4965};
    static final int[] TEST = {958, 111, 1024, 1774, 1247, 831, 1233};

    /** An index with FER-2013's folder-form counts (8×8 images keep it small; splitting needs only labels). */
    static FerDataset ferSizedFolders() {
        IndexBuilder b = new IndexBuilder("FER-2013", 8, Emotion.FER2013);
        byte[] px = new byte[64];
        String[] names = {"angry", "disgust", "fear", "happy", "sad", "surprise", "neutral"};
        for (String split : new String[] {"train", "test"}) {
            int[] counts = split.equals("train") ? TRAIN : TEST;
            for (int c = 0; c < 7; c++) {
                for (int k = 0; k < counts[c]; k++) b.add(split + "/" + names[c] + "/" + k + ".jpg", -1, c, split, px, 48, 48, 1);
            }
        }
        return b.build(DatasetFormat.FOLDERS, java.nio.file.Path.of("fer2013"));
    }

    @Test
    void folderFormAtFer2013SizeSplitsLikeThePaper() {
        SplitDataset s = Splits.paper(ferSizedFolders());
        assertEquals(22_968, s.train().size());
        assertEquals(5_741, s.validation().size());
        assertEquals(7_178, s.test().size());
        int[] val = s.validation().classCounts();
        for (int c = 0; c < 7; c++) assertEquals(TRAIN[c] / 5, val[c], "stratified: floor(20%) of class " + c);
        assertArrayEquals(TEST, s.test().classCounts(), "test untouched");
    }

    @Test
    void sameSeedSameSplitOtherSeedOtherSplit() {
        FerDataset d = ferSizedFolders();
        SplitDataset a = Splits.split(d, SplitConfig.paper()), b = Splits.split(d, SplitConfig.paper());
        assertArrayEquals(a.validationIds(), b.validationIds());
        SplitDataset c = Splits.split(d, SplitConfig.paper().withSeed(7));
        assertFalse(Arrays.equals(a.validationIds(), c.validationIds()));
        assertEquals(a.validation().size(), c.validation().size());
        // the first validation ids for seed 42 are fixed forever: java.util.Random's sequence is specified
        int[] first = Arrays.copyOf(a.validationIds(), 3);
        assertArrayEquals(first, Arrays.copyOf(Splits.split(ferSizedFolders(), SplitConfig.paper()).validationIds(), 3));
    }

    @Test
    void partsAreDisjointAndCoverEverything() {
        FerDataset d = ferSizedFolders();
        SplitDataset s = Splits.paper(d);
        boolean[] seen = new boolean[d.images().size()];
        for (int[] ids : new int[][] {s.trainIds(), s.validationIds(), s.testIds()}) {
            for (int i : ids) {
                assertFalse(seen[i], "image " + i + " in two parts");
                seen[i] = true;
            }
        }
        for (boolean b : seen) assertTrue(b);
    }

    @Test
    void csvOfficialSwitchUsesPublicAndPrivateTest() {
        IndexBuilder b = new IndexBuilder("FER-2013", 8, Emotion.FER2013);
        byte[] px = new byte[64];
        String[] usage = {"Training", "Training", "Training", "Training", "Training", "PublicTest", "PublicTest", "PrivateTest"};
        for (int i = 0; i < usage.length; i++) b.add("fer2013.csv", i + 2, i % 7, usage[i], px, 48, 48, 1);
        FerDataset d = b.build(DatasetFormat.CSV, java.nio.file.Path.of("fer2013.csv"));
        SplitDataset off = Splits.split(d, SplitConfig.paper().withOfficialSplits(true));
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, off.trainIds());
        assertArrayEquals(new int[] {5, 6}, off.validationIds());
        assertArrayEquals(new int[] {7}, off.testIds());
        SplitDataset def = Splits.paper(d);
        assertArrayEquals(new int[] {5, 6, 7}, def.testIds(), "default: PublicTest + PrivateTest are the test part");
        assertEquals("all", def.countsTable().stringColumn("class").get(7));
    }
}
