package fer.live;

import java.util.Optional;
import org.bytedeco.opencv.opencv_core.Mat;
import static org.bytedeco.opencv.global.opencv_highgui.destroyWindow;
import static org.bytedeco.opencv.global.opencv_highgui.imshow;
import static org.bytedeco.opencv.global.opencv_highgui.namedWindow;
import static org.bytedeco.opencv.global.opencv_highgui.waitKey;
import static org.bytedeco.opencv.global.opencv_highgui.WINDOW_AUTOSIZE;

/**
 * A window showing the annotated frames, through OpenCV's highgui (GTK in the bytedeco build), so it works
 * whatever {@code java.awt.headless} says. Only opened when a display exists; Esc or q stops the run.
 */
public final class LiveWindow implements AutoCloseable {
    private final String title;

    private LiveWindow(String title) {
        this.title = title;
    }

    /** A window, or empty with the reason printed when there is no display (the normal case on a server). */
    public static Optional<LiveWindow> open(String title) {
        String display = System.getenv("DISPLAY"), wayland = System.getenv("WAYLAND_DISPLAY");
        if ((display == null || display.isBlank()) && (wayland == null || wayland.isBlank())) {
            System.out.println("fer live: no display (DISPLAY is not set): no window; results go to --out");
            return Optional.empty();
        }
        try {
            namedWindow(title, WINDOW_AUTOSIZE);
            return Optional.of(new LiveWindow(title));
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            System.out.println("fer live: cannot open a window (" + e.getMessage() + "): continuing without one");
            return Optional.empty();
        }
    }

    /** Shows a frame; false when the user asked to stop (Esc, q) . */
    public boolean show(Mat frame) {
        imshow(title, frame);
        int key = waitKey(1) & 0xFF;
        return key != 27 && key != 'q';
    }

    @Override
    public void close() {
        try {
            destroyWindow(title);
        } catch (RuntimeException ignored) {
            // the user may have closed it already; nothing left to release
        }
    }
}
