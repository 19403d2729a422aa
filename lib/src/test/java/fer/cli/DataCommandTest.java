package fer.cli;

import static org.junit.jupiter.api.Assertions.*;

import fer.data.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataCommandTest {
    @TempDir Path dir;



    @Test
    void summaryJsonOfCsvHasExactCountsInTheDocumentedShape() throws IOException {
        Path csv = dir.resolve("fer2013.csv");
        Files.writeString(csv, "emotion,pixels,Usage\r\n3," + Fixtures.pixels(0) + ",Training\r\n3," + Fixtures.pixels(1)
                + ",Training\r\n1," + Fixtures.pixels(2) + ",PrivateTest\r\n");
        CliRun r = CliRun.of("data", "summary", "--json", csv.toString());
        assertEquals(0, r.code(), r.err());
        String json = r.out().trim();
        assertTrue(json.startsWith("{\"format\": \"csv\""), json);
        assertTrue(json.contains("\"Training\": {\"angry\": 0, \"disgust\": 0, \"fear\": 0, \"happy\": 2, \"sad\": 0, \"surprise\": 0, \"neutral\": 0}"), json);
        assertTrue(json.contains("\"PrivateTest\": {\"angry\": 0, \"disgust\": 1,"), json);
        assertTrue(json.contains("\"total\": 3, \"skipped\": []"), json);
    }

    @Test
    void strictSummaryFailsNamingFileAndLineLenientListsSkips() throws IOException {
        Path csv = dir.resolve("fer2013.csv");
        Files.writeString(csv, "emotion,pixels,Usage\n3," + Fixtures.pixels(0) + ",Training\n9," + Fixtures.pixels(1) + ",Training\n");
        CliRun strict = CliRun.of("data", "summary", "--json", csv.toString());
        assertNotEquals(0, strict.code());
        assertTrue(strict.err().contains(csv + ":3") && strict.err().contains("expected 0–6"), strict.err());
        CliRun lenient = CliRun.of("data", "summary", "--json", "--lenient", csv.toString());
        assertEquals(0, lenient.code(), lenient.err());
        assertTrue(lenient.out().contains("\"total\": 1"), lenient.out());
        assertTrue(lenient.out().contains("\"skipped\": [{\"item\": \"" + csv + ":3\", \"reason\": \"emotion: label out of range"), lenient.out());
    }

    @Test
    void summaryOfFolderFormUsesStoredSplitNames() throws IOException {
        Fixtures.write(Fixtures.gray(48, 48, 1), "png", dir.resolve("Train/Surprised/1.png"));
        Fixtures.write(Fixtures.gray(48, 48, 2), "jpg", dir.resolve("Train/fearful/2.jpg"));
        Fixtures.write(Fixtures.gray(48, 48, 3), "png", dir.resolve("test/disgusted/3.png"));
        Files.writeString(dir.resolve("test/disgusted/4.png"), "garbage");
        CliRun strict = CliRun.of("data", "summary", "--json", dir.toString());
        assertNotEquals(0, strict.code());
        assertTrue(strict.err().contains("test/disgusted/4.png"), strict.err());
        CliRun r = CliRun.of("data", "summary", "--json", "--lenient", dir.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\"format\": \"folders\""), r.out());
        assertTrue(r.out().contains("\"Train\": {\"angry\": 0, \"disgust\": 0, \"fear\": 1, \"happy\": 0, \"sad\": 0, \"surprise\": 1,"), r.out());
        assertTrue(r.out().contains("\"test\": {\"angry\": 0, \"disgust\": 1,"), r.out());
        assertTrue(r.out().contains("{\"item\": \"test/disgusted/4.png\", \"reason\": \"unreadable image"), r.out());
    }

    @Test
    void synthWritesBothFormsAndSamplesSheet() {
        CliRun r = CliRun.of("data", "synth", "--train", "21", "--test", "7", "--out", dir.resolve("s").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.isRegularFile(dir.resolve("s/fer2013.csv")));
        assertTrue(Files.isDirectory(dir.resolve("s/train/happy")));
        CliRun csv = CliRun.of("data", "summary", "--json", dir.resolve("s").toString());
        CliRun folders = CliRun.of("data", "summary", "--json", "--format", "folders", dir.resolve("s").toString());
        assertTrue(csv.out().contains("\"format\": \"csv\", \"dataset\": \"synthetic FER\""), csv.out());
        assertTrue(folders.out().contains("\"format\": \"folders\", \"dataset\": \"synthetic FER\""), folders.out());
        assertTrue(folders.out().contains("\"total\": 28,"), folders.out());
        CliRun s = CliRun.of("data", "synth", "--samples", dir.resolve("sheet.png").toString());
        assertEquals(0, s.code(), s.err());
        assertTrue(Files.isRegularFile(dir.resolve("sheet.png")));
    }

    @Test
    void summaryJsonOfFerPlusPairCountsMajorityLabelsWithContempt() throws IOException {
        StringBuilder px = new StringBuilder("\uFEFFemotion,pixels,Usage\r\n");
        String[] usage = {"Training", "Training", "Training", "PublicTest"};
        for (int i = 0; i < usage.length; i++) px.append(0).append(',').append(Fixtures.pixels(i)).append(',').append(usage[i]).append("\r\n");
        Files.writeString(dir.resolve("fer2013.csv"), px);
        Files.writeString(dir.resolve("fer2013new.csv"), "Usage,Image name,neutral,happiness,surprise,sadness,anger,disgust,fear,contempt,unknown,NF\n"
                + "Training,fer0000000.png,0,0,0,0,0,0,0,6,4,0\n"
                + "Training,fer0000001.png,1,9,0,0,0,0,0,0,0,0\n"
                + "Training,fer0000002.png,5,5,0,0,0,0,0,0,0,0\n"
                + "PublicTest,fer0000003.png,0,0,0,10,0,0,0,0,0,0\n");
        CliRun r = CliRun.of("data", "summary", "--json", dir.toString());
        assertEquals(0, r.code(), r.err());
        String json = r.out().trim();
        assertTrue(json.startsWith("{\"format\": \"ferplus\", \"dataset\": \"FER+\""), json);
        assertTrue(json.contains("\"Training\": {\"angry\": 0, \"disgust\": 0, \"fear\": 0, \"happy\": 1, \"sad\": 0, \"surprise\": 0, \"neutral\": 0, \"contempt\": 1}"), json);
        assertTrue(json.contains("\"PublicTest\": {\"angry\": 0, \"disgust\": 0, \"fear\": 0, \"happy\": 0, \"sad\": 1,"), json);
        assertTrue(json.contains("\"total\": 3, \"skipped\": [], \"excluded\": {\"unknown\": 1}"), json);
    }
}
