package fer.viz;

import static org.junit.jupiter.api.Assertions.*;

import fer.Profile;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

class FiguresTest {
    @Test
    void manifestKeepsOneSortedRowPerFigureAndNamesTheDataset(@TempDir Path dir) throws Exception {
        Path m = dir.resolve("manifest.csv");
        Figures.record(m, "fig03-b", "B, with comma", Figures.Provenance.of("FER-2013"), Profile.PAPER, "");
        Figures.record(m, "fig02-a", "A", Figures.Provenance.of("synthetic FER"), Profile.QUICK, "");
        Figures.record(m, "fig03-b", "B again", Figures.Provenance.of("synthetic FER"), Profile.QUICK, "");
        List<String> lines = Files.readAllLines(m);
        assertEquals(Figures.MANIFEST_HEADER, lines.get(0));
        assertEquals(3, lines.size());
        assertTrue(lines.get(1).startsWith("fig02-a,A,synthetic FER,quick,"));
        assertTrue(lines.get(2).startsWith("fig03-b,B again,synthetic FER,quick,,"), lines.get(2));
    }

    @Test
    void manifestCarriesAHeadlineAndUpgradesTheOldLayout(@TempDir Path dir) throws Exception {
        Path m = dir.resolve("manifest.csv");
        Files.write(m, List.of("figure,title,dataset,profile,created_utc", "fig02-a,A,synthetic FER,quick,2026-11-26T12:53:35Z"));
        Figures.record(m, "fig09-b", "B", Figures.Provenance.of("synthetic FER").withHeadline("best val_accuracy 0.612"), Profile.QUICK, "");
        List<String> lines = Files.readAllLines(m);
        assertEquals(Figures.MANIFEST_HEADER, lines.get(0));
        assertEquals("fig02-a,A,synthetic FER,quick,,,2026-11-26T12:53:35Z", lines.get(1));
        assertTrue(lines.get(2).startsWith("fig09-b,B,synthetic FER,quick,best val_accuracy 0.612,"), lines.get(2));
    }

    @Test
    void manifestNamesTheNotebookAndUpgradesTheHeadlineLayout(@TempDir Path dir) throws Exception {
        Path m = dir.resolve("manifest.csv");
        Files.write(m, List.of("figure,title,dataset,profile,headline,created_utc",
                "fig09-b,\"Default, VGG16\",synthetic FER,quick,best val_accuracy 0.612,2026-11-30T10:00:00Z"));
        Figures.record(m, "fig02-a", "A", Figures.Provenance.of("synthetic FER"), Profile.QUICK, "01-eda");
        List<String> lines = Files.readAllLines(m);
        assertEquals(List.of(Figures.MANIFEST_HEADER.split(",")), Figures.splitCsv(lines.get(0)));
        List<String> a = Figures.splitCsv(lines.get(1));
        int notebook = List.of(Figures.MANIFEST_HEADER.split(",")).indexOf("notebook");
        assertTrue(notebook > 0, "no notebook column");
        assertEquals("01-eda", a.get(notebook));
        assertEquals(List.of("fig09-b", "Default, VGG16", "synthetic FER", "quick", "best val_accuracy 0.612", "",
                "2026-11-30T10:00:00Z"), Figures.splitCsv(lines.get(2)), "old row kept, notebook left empty");
    }

    @Test
    void manifestWithoutAHeaderIsRefusedWithItsFirstLine(@TempDir Path dir) throws Exception {
        Path m = dir.resolve("manifest.csv");
        Files.write(m, List.of("fig02-a,A,synthetic FER,quick"));
        var e = assertThrows(java.io.IOException.class,
                () -> Figures.record(m, "fig03-b", "B", Figures.Provenance.of("x"), Profile.QUICK, ""));
        assertTrue(e.getMessage().contains("fig02-a,A"), e.getMessage());
    }

    @Test
    void footerAddsABandBelowTheImageAndKeepsThePixels() {
        BufferedImage img = new BufferedImage(120, 40, BufferedImage.TYPE_INT_RGB);
        img.setRGB(5, 5, 0xFF0000);
        BufferedImage out = Figures.withFooter(img, "dataset: FER-2013");
        assertEquals(120, out.getWidth());
        assertTrue(out.getHeight() > 40);
        assertEquals(0xFF0000, out.getRGB(5, 5) & 0xFFFFFF);
    }

    @Test
    void rejectsNamesThatWouldBreakStableFileNames() {
        BufferedImage img = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        assertThrows(IllegalArgumentException.class,
                () -> new Figures(java.nio.file.Path.of("/nonexistent"), Profile.QUICK, "").save("Fig 2", "t", img, Figures.Provenance.of("FER-2013")));
    }

    @Test
    void aTableIsSavedAsCsvThatAnotherReaderReadsBackCellForCell(@TempDir Path dir) throws Exception {
        Table t = Table.create("Table 9 – Cells, \"quoted\" & <odd>",
                StringColumn.create("Operation", "Rotation", "Fill, \"mode\"", "two\nlines"),
                StringColumn.create("Parameters/Range", "Up to 15°", "'nearest'", "<b>10%</b>"));
        Path csv = new Figures(dir, Profile.QUICK, "02-augmentation").saveTable("table09-cells", t, Figures.Provenance.of("synthetic FER"));
        assertEquals(dir.resolve("table09-cells.csv"), csv);
        // Tablesaw's own CSV reader (univocity) as the reference for the quoting
        Table back = Table.read().csv(CsvReadOptions.builder(csv.toFile())
                .columnTypes(new ColumnType[] {ColumnType.STRING, ColumnType.STRING}).build());
        assertEquals(t.columnNames(), back.columnNames());
        assertEquals(t.rowCount(), back.rowCount());
        for (int r = 0; r < t.rowCount(); r++) {
            for (int c = 0; c < t.columnCount(); c++) assertEquals(t.getString(r, c), back.getString(r, c), "row " + r + " col " + c);
        }
        String html = Files.readString(dir.resolve("table09-cells.html"));
        assertTrue(html.contains("<td>&lt;b&gt;10%&lt;/b&gt;</td>"), "cells escaped: " + html);
        assertTrue(html.contains("<title>Table 9 – Cells, &quot;quoted&quot; &amp; &lt;odd&gt;</title>"), html);
        assertTrue(html.contains("dataset: synthetic FER"), "provenance line missing: " + html);
        List<String> row = Figures.splitCsv(Files.readAllLines(dir.resolve("manifest.csv")).get(1));
        assertEquals(List.of("table09-cells", "Table 9 – Cells, \"quoted\" & <odd>", "synthetic FER", "quick", "", "02-augmentation"),
                row.subList(0, 6));
    }

    @Test
    void aTableWithABadNameIsRefusedBeforeAnythingIsWritten(@TempDir Path dir) throws Exception {
        Table t = Table.create("t", StringColumn.create("a", "1"));
        assertThrows(IllegalArgumentException.class,
                () -> new Figures(dir, Profile.QUICK, "").saveTable("Table 1", t, Figures.Provenance.of("x")));
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count());
        }
    }


    @Test
    void displayIsANoOpOutsideAKernel() {
        assertFalse(Display.inKernel());
        assertNull(Display.html("<b>x</b>"));
    }
}
