package fer.viz;

import static org.junit.jupiter.api.Assertions.*;

import fer.Workspace;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class CrispDmTest {
    private static final Pattern NOTEBOOK = Pattern.compile("\\d\\d-[a-z0-9-]+");

    @Test
    void everyStudyNotebookSitsInExactlyOnePhaseAndEveryNamedNotebookExists() throws Exception {
        Path dir = Workspace.fromEnvironment().root().resolve("notebooks");
        List<String> notebooks;
        try (Stream<Path> s = Files.list(dir)) {
            notebooks = s.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d\\d-.*\\.ipynb"))
                    .map(n -> n.substring(0, n.length() - ".ipynb".length())).sorted().toList();
        }
        assertFalse(notebooks.isEmpty(), "no notebooks under " + dir);
        for (String nb : notebooks) {
            long phases = CrispDm.STUDY.stream().filter(p -> p.work().contains(nb)).count();
            assertEquals(1, phases, nb + " must sit in exactly one CRISP-DM phase of Figure 1");
        }
        for (CrispDm.Phase p : CrispDm.STUDY) {
            for (String w : p.work()) {
                if (NOTEBOOK.matcher(w).matches()) assertTrue(notebooks.contains(w), "phase " + p.name() + " names " + w + ", not in " + dir);
            }
        }
        assertEquals(List.of(1, 2, 3, 4, 5, 6), CrispDm.STUDY.stream().map(CrispDm.Phase::number).toList());
    }

    @Test
    void boxesStayInsideTheImageBelowTheTitleAndApartFromEachOther() {
        List<Rectangle> boxes = CrispDm.boxes(6);
        for (int i = 0; i < boxes.size(); i++) {
            Rectangle b = boxes.get(i);
            assertTrue(b.x >= 0 && b.y >= 44 && b.getMaxX() <= CrispDm.WIDTH && b.getMaxY() <= CrispDm.HEIGHT, "box " + i + " " + b);
            for (int j = i + 1; j < boxes.size(); j++) assertFalse(b.intersects(boxes.get(j)), "boxes " + i + " and " + j + " overlap");
        }
        // clockwise from the top left: 1 and 2 side by side at the top, 4 and 5 at the bottom
        assertEquals(boxes.get(0).y, boxes.get(1).y);
        assertTrue(boxes.get(0).x < boxes.get(1).x);
        assertTrue(boxes.get(3).x > boxes.get(4).x && boxes.get(3).y > boxes.get(2).y);
    }

    @Test
    void diagramDrawsEachPhaseBoxWithTextAndTheArrowsBetweenPhasesOneAndTwo() {
        BufferedImage img = CrispDm.diagram();
        assertEquals(CrispDm.WIDTH, img.getWidth());
        assertEquals(CrispDm.HEIGHT, img.getHeight());
        for (Rectangle b : CrispDm.boxes(6)) {
            assertTrue(dark(img, new Rectangle(b.x + 10, b.y + 8, b.width - 20, b.height - 16)) > 200, "no text in box " + b);
        }
        Rectangle one = CrispDm.boxes(6).get(0), two = CrispDm.boxes(6).get(1);
        Rectangle gap = new Rectangle((int) one.getMaxX() + 8, one.y + one.height / 2 - 20, two.x - (int) one.getMaxX() - 16, 40);
        assertTrue(dark(img, gap) > 40, "no arrow between phase 1 and phase 2");
        assertEquals(0, dark(img, new Rectangle(4, CrispDm.HEIGHT - 30, 120, 26)), "the corner below the boxes should be empty");
    }

    private static int dark(BufferedImage img, Rectangle r) {
        int n = 0;
        for (int y = r.y; y < r.getMaxY(); y++) {
            for (int x = r.x; x < r.getMaxX(); x++) {
                int rgb = img.getRGB(x, y);
                int lum = ((rgb >> 16 & 255) + (rgb >> 8 & 255) + (rgb & 255)) / 3;
                if (lum < 140) n++;
            }
        }
        return n;
    }
}
