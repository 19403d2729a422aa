package fer.live;

import fer.data.Emotion;
import java.util.List;
import java.util.Locale;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import static org.bytedeco.opencv.global.opencv_imgproc.FILLED;
import static org.bytedeco.opencv.global.opencv_imgproc.FONT_HERSHEY_SIMPLEX;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_AA;
import static org.bytedeco.opencv.global.opencv_imgproc.getTextSize;
import static org.bytedeco.opencv.global.opencv_imgproc.putText;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;

/**
 * Draws the results on the frame itself (OpenCV, in place): per face a box in its label's colour, the label
 * with its confidence and track id, and a small bar chart of all class probabilities beside the box; in
 * the corner the model's name and the frames per second.
 */
public final class Annotator {
    private final List<Emotion> classes;

    public Annotator(List<Emotion> classes) {
        this.classes = List.copyOf(classes);
    }

    /** A BGR colour per expression, distinct on both light and dark backgrounds. */
    public static Scalar colour(Emotion e) {
        return switch (e) {
            case ANGRY -> rgb(220, 40, 40);
            case DISGUST -> rgb(120, 170, 30);
            case FEAR -> rgb(150, 80, 200);
            case HAPPY -> rgb(250, 200, 20);
            case SAD -> rgb(40, 110, 230);
            case SURPRISE -> rgb(250, 120, 20);
            case NEUTRAL -> rgb(200, 200, 200);
            case CONTEMPT -> rgb(140, 90, 60);
        };
    }

    /** The same colour as 0xRRGGBB, for Java2D figures. */
    public static int rgbOf(Emotion e) {
        Scalar s = colour(e);
        return ((int) s.get(2) << 16) | ((int) s.get(1) << 8) | (int) s.get(0);
    }

    private static Scalar rgb(int r, int g, int b) {
        return new Scalar(b, g, r, 0);
    }

    /** Draws every face; {@code hud} (e.g. "small-cnn-quick  31.2 FPS") goes top-left when not null. */
    public void draw(Mat frame, List<TrackedFace> faces, String hud) {
        // sizes follow the frame so a 1920-pixel photo and a 640-pixel webcam frame look alike
        double unit = Math.max(frame.cols(), frame.rows()) / 640.0;
        for (TrackedFace f : faces) drawFace(frame, f, unit);
        if (hud != null) label(frame, hud, 6, (int) (6 + 18 * unit), unit, new Scalar(255, 255, 255, 0), new Scalar(0, 0, 0, 0));
    }

    private void drawFace(Mat frame, TrackedFace f, double unit) {
        Box b = f.box();
        Emotion top = classes.get(f.top());
        Scalar c = colour(top);
        int thick = Math.max(1, (int) Math.round(2 * unit));
        rectangle(frame, new Rect(b.x(), b.y(), b.width(), b.height()), c, thick, LINE_AA, 0);
        String text = String.format(Locale.ROOT, "%s %.0f%%", top.id(), 100 * f.confidence());
        int ty = b.y() > 22 * unit ? (int) (b.y() - 4 * unit) : (int) (b.y() + b.height() + 16 * unit);
        label(frame, text, b.x(), ty, unit, new Scalar(0, 0, 0, 0), c);
        bars(frame, f, b, unit);
    }

    /** The seven probabilities as horizontal bars right of the box (left of it at the frame's right edge). */
    private void bars(Mat frame, TrackedFace f, Box b, double unit) {
        int barH = Math.max(4, (int) Math.round(7 * unit)), gap = Math.max(1, (int) Math.round(unit));
        int textW = (int) Math.round(24 * unit), barMax = (int) Math.round(50 * unit);
        int width = textW + barMax + 4;
        int x0 = b.x() + b.width() + 4;
        if (x0 + width > frame.cols()) x0 = Math.max(0, b.x() - width - 4);
        int y0 = Math.max(0, Math.min(b.y(), frame.rows() - classes.size() * (barH + gap)));
        double scale = 0.28 * unit;
        for (int i = 0; i < classes.size(); i++) {
            int y = y0 + i * (barH + gap);
            if (y + barH > frame.rows()) break;
            Emotion e = classes.get(i);
            rectangle(frame, new Rect(x0, y, width, barH + gap), new Scalar(20, 20, 20, 0), FILLED, 8, 0);
            putText(frame, e.id().substring(0, 3), new Point(x0 + 1, y + barH - 1), FONT_HERSHEY_SIMPLEX, scale,
                    new Scalar(235, 235, 235, 0), 1, LINE_AA, false);
            int len = (int) Math.round(barMax * Math.max(0, Math.min(1, f.smoothed()[i])));
            if (len > 0) rectangle(frame, new Rect(x0 + textW, y + 1, len, barH - 1), colour(e), FILLED, 8, 0);
        }
    }

    /** Text on a filled background box whose bottom-left corner is at (x, y). */
    private static void label(Mat frame, String text, int x, int y, double unit, Scalar fg, Scalar bg) {
        double scale = 0.5 * unit;
        int thick = Math.max(1, (int) Math.round(unit));
        int[] base = new int[1];
        Size s = getTextSize(text, FONT_HERSHEY_SIMPLEX, scale, thick, base);
        int x0 = Math.max(0, Math.min(x, frame.cols() - s.width() - 4));
        int y0 = Math.max(s.height() + 4, y);
        rectangle(frame, new Rect(x0, y0 - s.height() - 4, s.width() + 4, s.height() + 6), bg, FILLED, 8, 0);
        putText(frame, text, new Point(x0 + 2, y0 - 1), FONT_HERSHEY_SIMPLEX, scale, fg, thick, LINE_AA, false);
    }
}
