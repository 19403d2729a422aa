package fer.viz;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Point2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Figure 1: the CRISP-DM lifecycle (Chapman et al., 2000) the report follows, drawn with the study's own work in
 * each phase: the report's sections, the notebooks and the {@code fer} commands. The report shows the generic
 * diagram; this one also says where each phase lives in the project.
 */
public final class CrispDm {
    /**
     * One phase of the lifecycle.
     *
     * @param sections the report's sections, e.g. "§4"
     * @param work     notebooks ({@code 01-eda}) and commands doing this phase here
     */
    public record Phase(int number, String name, String sections, List<String> work) {
        public Phase {
            work = List.copyOf(work);
        }
    }

    /** The study's six phases (report Section 2) and where each lives in this project. */
    public static final List<Phase> STUDY = List.of(
            new Phase(1, "Business understanding", "§1–3", List.of("README, the report")),
            new Phase(2, "Data understanding", "§4", List.of("01-eda", "fer data …")),
            new Phase(3, "Data preparation", "§5", List.of("02-augmentation", "fer bench augment")),
            new Phase(4, "Modelling", "§6", List.of("03-transfer-learning", "04-hyperparameter-search",
                    "fer train …, fer tune …")),
            new Phase(5, "Evaluation", "§7", List.of("05-evaluation", "06-saliency", "fer evaluate …, fer explain …")),
            new Phase(6, "Deployment", "§8", List.of("07-real-time", "fer live …")));

    /**
     * The arrows of the lifecycle: each phase to the next, the three ways back CRISP-DM draws (data understanding
     * to business understanding, modelling to data preparation, evaluation to business understanding), and none
     * from deployment: the outer cycle of a new project starts there.
     */
    static final int[][] ARROWS = {{1, 2}, {2, 1}, {2, 3}, {3, 4}, {4, 3}, {4, 5}, {5, 6}, {5, 1}};

    static final int WIDTH = 1000, HEIGHT = 720, BOX_W = 260, BOX_H = 112;
    private static final Color FILL = new Color(0xDCEBFA), DATA = new Color(0xE6F2E1), EDGE = new Color(0x3C4650);
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 18);
    private static final Font NAME = new Font(Font.SANS_SERIF, Font.BOLD, 14);
    private static final Font TEXT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font CODE = new Font(Font.MONOSPACED, Font.PLAIN, 12);

    private CrispDm() {}

    /** Figure 1 for the study's phases. */
    public static BufferedImage diagram() {
        return diagram(STUDY);
    }

    /** Figure 1 for any six phases, drawn clockwise from the top left around the data. */
    public static BufferedImage diagram(List<Phase> phases) {
        List<Rectangle> boxes = boxes(phases.size());
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setColor(EDGE);
            g.setFont(TITLE);
            centred(g, "CRISP-DM lifecycle of the study (Chapman et al., 2000), with this project's notebooks", WIDTH / 2, 34);
            Ellipse2D data = new Ellipse2D.Double(WIDTH / 2.0 - 120, HEIGHT / 2.0 - 50 + 20, 240, 100);
            g.setColor(DATA);
            g.fill(data);
            g.setColor(EDGE);
            g.setStroke(new BasicStroke(1.5f));
            g.draw(data);
            g.setFont(NAME);
            centred(g, "Data", WIDTH / 2, HEIGHT / 2 + 14);
            g.setFont(TEXT);
            centred(g, "FER-2013, or synthetic FER", WIDTH / 2, HEIGHT / 2 + 34);
            for (int[] a : ARROWS) {
                if (a[0] > phases.size() || a[1] > phases.size()) continue;
                arrow(g, boxes.get(a[0] - 1), boxes.get(a[1] - 1), a[1] < a[0]);
            }
            for (int i = 0; i < phases.size(); i++) box(g, boxes.get(i), phases.get(i));
        } finally {
            g.dispose();
        }
        return img;
    }

    /** Where phase {@code i}'s box goes: evenly round an ellipse, clockwise, the first at the top left. */
    static List<Rectangle> boxes(int n) {
        List<Rectangle> out = new ArrayList<>();
        double cx = WIDTH / 2.0, cy = HEIGHT / 2.0 + 20, rx = (WIDTH - BOX_W) / 2.0 - 16, ry = (HEIGHT - 60 - BOX_H) / 2.0 - 10;
        for (int i = 0; i < n; i++) {
            double angle = Math.toRadians(-120 + 360.0 * i / n); // y grows downwards: increasing angle is clockwise
            int x = (int) Math.round(cx + rx * Math.cos(angle) - BOX_W / 2.0);
            int y = (int) Math.round(cy + ry * Math.sin(angle) - BOX_H / 2.0);
            out.add(new Rectangle(x, y, BOX_W, BOX_H));
        }
        return out;
    }

    private static void box(Graphics2D g, Rectangle r, Phase p) {
        g.setColor(FILL);
        g.fillRoundRect(r.x, r.y, r.width, r.height, 16, 16);
        g.setColor(EDGE);
        g.setStroke(new BasicStroke(1.5f));
        g.drawRoundRect(r.x, r.y, r.width, r.height, 16, 16);
        g.setFont(NAME);
        int y = r.y + 22;
        centred(g, p.number() + ". " + p.name(), r.x + r.width / 2, y);
        g.setFont(TEXT);
        y += 18;
        centred(g, "report " + p.sections(), r.x + r.width / 2, y);
        g.setFont(CODE);
        for (String w : p.work()) {
            y += 17;
            if (y > r.y + r.height - 6) break; // the box holds four lines of work; the phases above need at most three
            centred(g, w, r.x + r.width / 2, y);
        }
    }

    /** An arrow between two boxes' edges; a way back is dashed and drawn beside the way forward. */
    private static void arrow(Graphics2D g, Rectangle from, Rectangle to, boolean back) {
        Point2D a = new Point2D.Double(from.getCenterX(), from.getCenterY());
        Point2D b = new Point2D.Double(to.getCenterX(), to.getCenterY());
        double dx = b.getX() - a.getX(), dy = b.getY() - a.getY(), len = Math.hypot(dx, dy);
        // offset forward and back arrows to either side of the centre line so both stay visible
        double ox = -dy / len * 9, oy = dx / len * 9;
        Point2D s = edge(from, a, dx, dy), e = edge(to, b, -dx, -dy);
        Line2D line = new Line2D.Double(s.getX() + ox, s.getY() + oy, e.getX() + ox, e.getY() + oy);
        g.setColor(back ? new Color(0x7A8590) : EDGE);
        g.setStroke(back ? new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 5}, 0)
                : new BasicStroke(2.2f));
        g.draw(line);
        double ux = dx / len, uy = dy / len, hx = line.getX2(), hy = line.getY2();
        Path2D head = new Path2D.Double();
        head.moveTo(hx, hy);
        head.lineTo(hx - 12 * ux + 6 * uy, hy - 12 * uy - 6 * ux);
        head.lineTo(hx - 12 * ux - 6 * uy, hy - 12 * uy + 6 * ux);
        head.closePath();
        g.fill(head);
    }

    /** Where the ray from a box's centre along (dx, dy) leaves the box (with a small gap). */
    private static Point2D edge(Rectangle r, Point2D c, double dx, double dy) {
        double tx = dx == 0 ? Double.MAX_VALUE : (r.width / 2.0 + 6) / Math.abs(dx);
        double ty = dy == 0 ? Double.MAX_VALUE : (r.height / 2.0 + 6) / Math.abs(dy);
        double t = Math.min(tx, ty);
        return new Point2D.Double(c.getX() + dx * t, c.getY() + dy * t);
    }

    private static void centred(Graphics2D g, String text, int x, int baseline) {
        FontMetrics fm = g.getFontMetrics();
        g.drawString(text, x - fm.stringWidth(text) / 2, baseline);
    }
}
