package fer.live;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.RectVector;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_objdetect.CascadeClassifier;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.equalizeHist;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

/**
 * Finds frontal faces with OpenCV's pre-trained Haar cascade ({@code haarcascade_frontalface_default.xml},
 * as in the report's Section 8), taken from the bytedeco OpenCV jar: nothing is downloaded.
 *
 * <p>Detection runs on a downscaled, histogram-equalised gray copy of the frame; boxes come back in
 * full-frame pixels, largest first. Not thread-safe (one per pipeline).
 */
public final class FaceDetector implements AutoCloseable {
    /** The cascade's resource path inside the OpenCV jar of this platform. */
    public static final String CASCADE = "haarcascade_frontalface_default.xml";

    private final DetectorConfig config;
    private final CascadeClassifier cascade;
    private final Mat gray = new Mat();
    private final Mat small = new Mat();

    public FaceDetector(DetectorConfig config) {
        this.config = config;
        File xml = cascadeFile();
        this.cascade = new CascadeClassifier(xml.getAbsolutePath());
        if (cascade.empty()) throw new IllegalStateException("OpenCV could not load the Haar cascade " + xml);
    }

    /** The cascade XML, unpacked once from the OpenCV jar into JavaCPP's cache. */
    public static File cascadeFile() {
        String resource = "/org/bytedeco/opencv/" + Loader.getPlatform() + "/share/opencv4/haarcascades/" + CASCADE;
        try {
            File f = Loader.cacheResource(resource);
            if (f == null) throw new IllegalStateException("No " + resource + " in the OpenCV jar for " + Loader.getPlatform());
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot unpack " + resource + " from the OpenCV jar", e);
        }
    }

    public DetectorConfig config() {
        return config;
    }

    /** Faces in a BGR (3-channel) or gray frame, in frame pixels, largest first. */
    public List<Box> detect(Mat frame) {
        toGray(frame);
        return search(gray, 0, 0, config.factorFor(frame.cols()), config.minFaceSize(), 0);
    }

    /**
     * Faces near the given boxes only (the tracked faces of the previous frame): each box's neighbourhood
     * (half its size on every side) is searched for a face of 0.7–1.4 times its size, shrunk so the face is
     * about 60 pixels wide. Faces found twice (overlapping neighbourhoods) are kept once.
     */
    public List<Box> detectNear(Mat frame, List<Box> near) {
        toGray(frame);
        List<Box> out = new ArrayList<>();
        for (Box b : near) {
            Box region = b.withMargin(0.5, frame.cols(), frame.rows());
            if (region.width() < 24 || region.height() < 24) continue;
            int side = Math.max(b.width(), b.height());
            double f = Math.max(1.0, side / 60.0);
            try (Mat roi = new Mat(gray, new Rect(region.x(), region.y(), region.width(), region.height()))) {
                for (Box found : search(roi, region.x(), region.y(), f, (int) (0.7 * side), (int) Math.ceil(1.4 * side))) {
                    if (out.stream().noneMatch(o -> o.iou(found) > 0.5)) out.add(found);
                }
            }
        }
        out.sort(Comparator.comparingInt(Box::area).reversed());
        return out;
    }

    private void toGray(Mat frame) {
        if (frame.channels() == 1) frame.copyTo(gray);
        else cvtColor(frame, gray, COLOR_BGR2GRAY);
    }

    /**
     * Runs the cascade on {@code image} (gray) shrunk by {@code f}; faces between {@code minFace} and
     * {@code maxFace} image pixels (0: no maximum); boxes returned in frame pixels (offset by ox, oy).
     */
    private List<Box> search(Mat image, int ox, int oy, double f, int minFace, int maxFace) {
        int w = Math.max(1, (int) Math.round(image.cols() / f)), h = Math.max(1, (int) Math.round(image.rows() / f));
        resize(image, small, new Size(w, h), 0, 0, INTER_AREA);
        // equalisation makes the cascade far less sensitive to exposure (dim webcams, backlit faces)
        equalizeHist(small, small);
        int minSide = Math.max(1, (int) Math.round(minFace / f));
        int maxSide = maxFace <= 0 ? 0 : Math.max(minSide + 1, (int) Math.round(maxFace / f));
        RectVector found = new RectVector();
        cascade.detectMultiScale(small, found, config.scaleFactor(), config.minNeighbors(), 0,
                new Size(minSide, minSide), new Size(maxSide, maxSide));
        List<Box> boxes = new ArrayList<>((int) found.size());
        double sx = (double) image.cols() / w, sy = (double) image.rows() / h;
        for (long i = 0; i < found.size(); i++) {
            Rect r = found.get(i);
            int x = (int) Math.round(r.x() * sx), y = (int) Math.round(r.y() * sy);
            int bw = (int) Math.round(r.width() * sx), bh = (int) Math.round(r.height() * sy);
            boxes.add(new Box(ox + x, oy + y, Math.min(bw, image.cols() - x), Math.min(bh, image.rows() - y)));
        }
        boxes.sort(Comparator.comparingInt(Box::area).reversed());
        return boxes;
    }

    @Override
    public void close() {
        cascade.close();
        gray.close();
        small.close();
    }
}
