package fer.live;

import fer.data.Emotion;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.shade.jackson.core.JsonProcessingException;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * {@code detections.jsonl}: one JSON object per frame, written as the frames go (a crash keeps what came
 * before): {@code {"frame":12,"source":"frame-000012","time_s":0.8,"faces":[{"track":1,"box":[x,y,w,h],
 * "label":"happy","confidence":0.81,"probabilities":{"angry":0.01,...},"raw":{...}}]}}. Probabilities are
 * the smoothed ones shown on screen; {@code raw} is the classifier's output for that frame alone.
 */
public final class DetectionLog implements AutoCloseable {
    /** The log's file name inside {@code --out}. */
    public static final String FILE = "detections.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BufferedWriter out;
    private final List<Emotion> classes;
    private final Path file;

    public DetectionLog(Path file, List<Emotion> classes) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LiveException("cannot write " + file + ": " + fer.FileErrors.cause(e), e);
        }
        this.file = file;
        this.classes = List.copyOf(classes);
    }

    /** Appends one frame's line. */
    public void write(int frame, String source, double timeSeconds, List<TrackedFace> faces) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("frame", frame);
        line.put("source", source);
        line.put("time_s", Math.round(timeSeconds * 1000) / 1000.0);
        List<Map<String, Object>> fs = new ArrayList<>();
        for (TrackedFace f : faces) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("track", f.id());
            m.put("box", new int[] {f.box().x(), f.box().y(), f.box().width(), f.box().height()});
            m.put("label", classes.get(f.top()).id());
            m.put("confidence", round(f.confidence()));
            m.put("probabilities", byClass(f.smoothed()));
            m.put("raw", byClass(f.raw()));
            fs.add(m);
        }
        line.put("faces", fs);
        try {
            out.write(JSON.writeValueAsString(line));
            out.newLine();
            out.flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a detection line", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file + ": " + fer.FileErrors.cause(e), e);
        }
    }

    private Map<String, Double> byClass(float[] p) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < classes.size(); i++) m.put(classes.get(i).id(), round(p[i]));
        return m;
    }

    private static double round(float v) {
        return Math.round(v * 1e5) / 1e5;
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + file + ": " + fer.FileErrors.cause(e), e);
        }
    }
}
