package fer.data;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FerPlusTest {
    @TempDir Path dir;

    @Test
    void majorityFollowsMicrosoftsReference() {
        // columns: neutral happiness surprise sadness anger disgust fear contempt unknown NF
        assertEquals(1, FerPlus.majority(new double[] {2, 8, 0, 0, 0, 0, 0, 0, 0, 0}));
        // single votes are outliers: 4 neutral vs 3 happy + 3 singles → 4 > 3.5 after zeroing singles
        assertEquals(0, FerPlus.majority(new double[] {4, 3, 1, 1, 0, 0, 1, 0, 0, 0}));
        // no category above half of the remaining votes → unknown
        assertEquals(-1, FerPlus.majority(new double[] {4, 4, 2, 0, 0, 0, 0, 0, 0, 0}));
        assertEquals(-1, FerPlus.majority(new double[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1}));
        assertEquals(7, FerPlus.majority(new double[] {0, 0, 0, 0, 2, 0, 0, 8, 0, 0}));
        assertEquals(9, FerPlus.majority(new double[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 10}));
    }

    void pair(String extraNewRow) throws IOException {
        StringBuilder px = new StringBuilder("emotion,pixels,Usage\n");
        String[] usage = {"Training", "Training", "Training", "Training", "PublicTest", "PrivateTest"};
        for (int i = 0; i < usage.length; i++) px.append(i % 7).append(',').append(Fixtures.pixels(i)).append(',').append(usage[i]).append('\n');
        Files.writeString(dir.resolve("fer2013.csv"), px);
        Files.writeString(dir.resolve("fer2013new.csv"), "Usage,Image name,neutral,happiness,surprise,sadness,anger,disgust,fear,contempt,unknown,NF\r\n"
                + "Training,fer0000000.png,4,0,0,1,3,0,0,2,0,0\r\n"    // neutral 4 of 9 after singles zeroed → 4 > 4.5? no → unknown
                + "Training,fer0000001.png,0,10,0,0,0,0,0,0,0,0\r\n"   // happy
                + "Training,,0,10,0,0,0,0,0,0,0,0\r\n"                 // no image name: excluded by FER+ itself
                + "Training,fer0000003.png,0,0,0,0,0,0,0,7,3,0\r\n"    // contempt
                + "PublicTest,fer0000004.png,0,0,0,0,0,0,0,0,0,10\r\n" // not a face
                + extraNewRow);
    }

    @Test
    void readsPairWithMajorityLabelsAndContempt() throws IOException {
        pair("PrivateTest,fer0000005.png,0,0,8,0,0,0,2,0,0,0\r\n"); // surprise
        FerDataset d = FerPlus.read(dir, ReadOptions.strict());
        assertEquals(DatasetFormat.FERPLUS, d.format());
        assertEquals("FER+", d.name());
        assertEquals(8, d.classes().size());
        assertEquals(3, d.images().size());
        assertEquals(1, d.splitCounts().get("Training").get("happy"));
        assertEquals(1, d.splitCounts().get("Training").get("contempt"));
        assertEquals(1, d.splitCounts().get("PrivateTest").get("surprise"));
        assertEquals(1, d.excluded().get("unknown"));
        assertEquals(1, d.excluded().get("not a face"));
        assertEquals(1, d.excluded().get("no image name"));
        // pixels come from the same row of fer2013.csv (row 5 → pixel seed 5)
        assertEquals(5, d.images().pixels(2)[0] & 255);
        assertTrue(d.summaryJson().contains("\"format\": \"ferplus\""));
        assertTrue(d.summaryJson().contains("\"contempt\": 1"));
    }

    @Test
    void rowCountMismatchIsAnError() throws IOException {
        pair("");
        BadDataException e = assertThrows(BadDataException.class, () -> FerPlus.read(dir, ReadOptions.lenientDefault()));
        assertTrue(e.getMessage().contains("5 data rows") && e.getMessage().contains("has 6"), e.getMessage());
    }

    @Test
    void badVoteNamesFileAndLine() throws IOException {
        pair("PrivateTest,fer0000005.png,0,0,eight,0,0,0,2,0,0,0\r\n");
        BadDataException e = assertThrows(BadDataException.class, () -> FerPlus.read(dir, ReadOptions.strict()));
        assertEquals(dir.resolve("fer2013new.csv") + ":7", e.item());
        assertTrue(e.getMessage().contains("surprise") && e.getMessage().contains("'eight'"), e.getMessage());
        FerDataset d = FerPlus.read(dir, ReadOptions.lenientDefault());
        assertEquals(2, d.images().size());
        assertEquals(1, d.skipped().size());
    }
}
