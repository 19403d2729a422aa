package fer.live;

import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/** Where frames come from: a camera, a video file, one image or a folder of images. */
public interface FrameSource extends AutoCloseable {

    /** Reads the next frame (8-bit BGR) into {@code frame}; false when there is none left. */
    boolean read(Mat frame);

    /** A name for the frame just read: the image's file name, or {@code frame-000042} for video. */
    String frameName();

    /** Seconds into the source of the frame just read (video position, camera wall time, 0 for images). */
    double timeSeconds();

    /** True when frames are unrelated stills (a folder of photos): faces are not tracked across them. */
    boolean stills();

    /** The source's nominal frame rate, or 0 when it has none (images, some cameras). */
    double fps();

    /** What this source is, for messages ("video runs/demo.avi (640x480, 15 fps)"). */
    String describe();

    /** What went wrong without stopping the run (a truncated file's missing frames), in the order it happened. */
    default List<String> warnings() {
        return List.of();
    }

    @Override
    void close();
}
