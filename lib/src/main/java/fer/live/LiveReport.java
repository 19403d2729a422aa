package fer.live;

import fer.data.Emotion;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

/**
 * What a {@link LiveSession} run produced: its speed, the faces and frames it kept for figures, and the
 * files it wrote.
 *
 * @param video  the annotated video, or null (stills, or no {@code --out})
 * @param images annotated stills written (empty for video)
 * @param log    {@code detections.jsonl}, or null without {@code --out}
 * @param warnings what the source reported without stopping (a truncated video's missing frames)
 */
public record LiveReport(String model, String source, LiveStats.Summary stats, List<FaceSample> faces,
                         List<AnnotatedFrame> frames, Path video, List<Path> images, Path log,
                         List<String> warnings) {

    /** A detected face with the model's (smoothed) prediction and the crop the model saw. */
    public record FaceSample(String source, int frame, TrackedFace face, Emotion label, BufferedImage crop) {}

    /** An annotated frame kept in memory. */
    public record AnnotatedFrame(String name, BufferedImage image) {}
}
