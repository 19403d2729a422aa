package fer.data;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Fer2013CsvTest {
    @TempDir Path dir;

    /** BOM, CRLF, a quoted pixels field, trailing spaces, a blank line: all real-world quirks, all accepted. */
    Path quirky() throws IOException {
        String crlf = "\r\n";
        String s = "\uFEFFemotion,pixels,Usage" + crlf
                + "0,\"" + Fixtures.pixels(0) + "\",Training" + crlf
                + "3," + Fixtures.pixels(1) + "  ,Training  " + crlf
                + "3,\"" + Fixtures.pixels(2) + " \",Training" + crlf
                + "6," + Fixtures.pixels(3) + ",PublicTest" + crlf
                + crlf
                + " 1 ," + Fixtures.pixels(4) + ",PrivateTest" + crlf;
        Path p = dir.resolve("fer2013.csv");
        Files.writeString(p, s, StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void readsQuirkyCsvWithExactCountsLabelsAndPixels() throws IOException {
        FerDataset d = Fer2013Csv.read(quirky(), ReadOptions.strict());
        assertEquals(5, d.images().size());
        assertEquals(DatasetFormat.CSV, d.format());
        assertEquals(Map.of("angry", 1, "disgust", 0, "fear", 0, "happy", 2, "sad", 0, "surprise", 0, "neutral", 0),
                d.splitCounts().get("Training"));
        assertEquals(1, d.splitCounts().get("PublicTest").get("neutral"));
        assertEquals(1, d.splitCounts().get("PrivateTest").get("disgust"));
        // row-major pixels as written: image 2 (seed 2) starts 2,3,4…
        byte[] px = d.images().pixels(2);
        assertEquals(2, px[0] & 255);
        assertEquals((2 + 2303) % 256, px[2303] & 255);
        // index rows name the physical line (header = 1, the blank line counted)
        assertEquals(7, d.index().intColumn("row").get(4));
        assertTrue(d.images().source(4).endsWith("fer2013.csv:7"));
        assertEquals("disgust", d.index().stringColumn("emotion").get(4));
    }

    @Test
    void resizesToRequestedSide() throws IOException {
        FerDataset d = Fer2013Csv.read(quirky(), new ReadOptions(24, false));
        assertEquals(24, d.images().side());
        assertEquals(24 * 24, d.images().pixels(0).length);
    }

    Path withBadRows() throws IOException {
        String s = "emotion,pixels,Usage\n"
                + "0," + Fixtures.pixels(0) + ",Training\n"
                + "2," + Fixtures.pixels(0).substring(2) + ",Training\n"       // line 3: 2,303 values
                + "7," + Fixtures.pixels(0) + ",Training\n"                     // line 4: label out of range
                + "1," + Fixtures.pixels(0).replaceFirst("^0 1 2", "0 x 2") + ",Training\n" // line 5: non-numeric
                + "4," + Fixtures.pixels(0) + ",Validation\n"                   // line 6: unknown usage
                + "5," + Fixtures.pixels(5) + ",PublicTest\n";
        Path p = dir.resolve("bad.csv");
        Files.writeString(p, s);
        return p;
    }

    @Test
    void strictReadFailsOnFirstBadRowNamingFileLineAndExpectation() throws IOException {
        Path p = withBadRows();
        BadDataException e = assertThrows(BadDataException.class, () -> Fer2013Csv.read(p, ReadOptions.strict()));
        assertEquals(p + ":3", e.item());
        assertTrue(e.getMessage().contains("expected 2304 values"), e.getMessage());
        assertTrue(e.getMessage().contains("found 2303"), e.getMessage());
    }

    @Test
    void lenientReadSkipsEachBadRowWithItsReason() throws IOException {
        Path p = withBadRows();
        FerDataset d = Fer2013Csv.read(p, ReadOptions.lenientDefault());
        assertEquals(2, d.images().size());
        assertEquals(4, d.skipped().size());
        assertEquals(p + ":3", d.skipped().get(0).item());
        assertEquals(p + ":4", d.skipped().get(1).item());
        assertTrue(d.skipped().get(1).reason().contains("out of range"), d.skipped().get(1).reason());
        assertTrue(d.skipped().get(2).reason().contains("'x'"), d.skipped().get(2).reason());
        assertTrue(d.skipped().get(3).reason().contains("Usage"), d.skipped().get(3).reason());
        // the surviving rows keep their own labels: nothing shifted into a neighbour's label
        assertEquals(0, d.images().label(0));
        assertEquals(5, d.images().label(1));
        assertEquals(5, d.images().pixels(1)[0] & 255);
    }

    @Test
    void missingFileAndBadHeaderAreClearErrors() throws IOException {
        Path missing = dir.resolve("nope.csv");
        BadDataException e = assertThrows(BadDataException.class, () -> Fer2013Csv.read(missing, ReadOptions.lenientDefault()));
        assertTrue(e.getMessage().contains("nope.csv") && e.getMessage().contains("not found"), e.getMessage());
        Path header = dir.resolve("h.csv");
        Files.writeString(header, "label,image\n0,1 2 3\n");
        e = assertThrows(BadDataException.class, () -> Fer2013Csv.read(header, ReadOptions.lenientDefault()));
        assertEquals(header + ":1", e.item());
    }

    @Test
    void pixelValueAbove255IsRejected() {
        String px = Fixtures.pixels(0).replaceFirst("^0 ", "256 ");
        var e = assertThrows(IllegalArgumentException.class, () -> Fer2013Csv.pixels(px));
        assertTrue(e.getMessage().contains("256"), e.getMessage());
    }
}
