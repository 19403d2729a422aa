package fer.tune;

import fer.train.EpochMetrics;
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
 * The append-only trial log of a search, {@code runs/hpo-NAME/trials.jsonl}: one JSON object per line, a
 * snapshot of a trial each time it starts, finishes an epoch or ends. Each line is written with one
 * {@code write} and forced to disk, so a search killed at any moment ({@code kill -9}) leaves every line
 * before the kill intact and at most a torn last line, which {@link #lines} ignores and the next append cuts off
 * ({@link fer.AppendLog}), so a resumed search never writes onto a fragment.
 */
public final class TrialLog {
    /** The log's file name inside the search directory. */
    public static final String FILE = "trials.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final fer.AppendLog log;

    public TrialLog(Path searchDir) {
        this.file = searchDir.resolve(FILE);
        this.log = new fer.AppendLog(file);
    }

    public Path file() {
        return file;
    }

    /** Appends one snapshot and forces it to disk (a torn last line left by a kill is cut off first). */
    public void append(TrialRecord r) {
        String line;
        try {
            line = JSON.writeValueAsString(toJson(r));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode trial " + r.trial() + " for " + file, e);
        }
        log.append(line);
    }

    /**
     * Cuts a torn last line (a write a kill interrupted) off the log before anything is appended; returns what was done
     * or null. {@link #append} does this itself on its first call; calling it first lets the caller say so.
     */
    public String repair() {
        return log.repairOnce();
    }

    /** Every snapshot in file order (a torn last line, from a kill mid-write, is skipped). */
    public List<TrialRecord> lines() {
        if (!Files.exists(file)) return List.of();
        List<String> lines;
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read trial log " + file, e);
        }
        lines = text.lines().toList();
        boolean tornTail = !text.isEmpty() && !text.endsWith("\n");
        List<TrialRecord> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) continue;
            try {
                out.add(fromJson(JSON.readValue(line, Map.class)));
            } catch (IOException | RuntimeException e) {
                if (tornTail && i == lines.size() - 1) break; // the write a kill interrupted
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": not a trial record (" + e.getMessage() + "): "
                        + (line.length() > 120 ? line.substring(0, 120) + "..." : line), e);
            }
        }
        return out;
    }

    /** The latest snapshot of each trial, by trial number. */
    public Map<Integer, TrialRecord> latest() {
        Map<Integer, TrialRecord> m = new java.util.TreeMap<>();
        for (TrialRecord r : lines()) m.put(r.trial(), r);
        return m;
    }

    static Map<String, Object> toJson(TrialRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("trial", r.trial());
        m.put("status", r.status().id());
        m.put("config", r.config());
        m.put("rung", r.rung());
        m.put("start_epoch", r.startEpoch());
        m.put("epochs", r.epochs());
        m.put("hyperparameters", r.hyperparameters());
        m.put("seed", r.seed());
        m.put("objective", r.hasObjective() ? r.objective() : null);
        m.put("images", r.images());
        m.put("seconds", Math.round(r.seconds() * 100) / 100.0);
        m.put("attempt", r.attempt());
        m.put("error", r.error());
        List<Map<String, Object>> h = new ArrayList<>();
        for (EpochMetrics e : r.history()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("epoch", e.epoch());
            row.put("loss", finite(e.loss()));
            row.put("accuracy", finite(e.accuracy()));
            row.put("val_loss", finite(e.valLoss()));
            row.put("val_accuracy", finite(e.valAccuracy()));
            row.put("lr", e.learningRate());
            row.put("seconds", Math.round(e.seconds() * 100) / 100.0);
            h.add(row);
        }
        m.put("history", h);
        return m;
    }

    @SuppressWarnings("unchecked")
    static TrialRecord fromJson(Map<String, Object> m) {
        List<EpochMetrics> h = new ArrayList<>();
        for (Map<String, Object> row : (List<Map<String, Object>>) m.get("history")) {
            h.add(new EpochMetrics(num(row, "epoch").intValue(), dbl(row, "loss"), dbl(row, "accuracy"), dbl(row, "val_loss"),
                    dbl(row, "val_accuracy"), dbl(row, "lr"), dbl(row, "seconds")));
        }
        return new TrialRecord(num(m, "trial").intValue(), num(m, "config").intValue(), num(m, "rung").intValue(),
                num(m, "start_epoch").intValue(), num(m, "epochs").intValue(), (Map<String, Object>) m.get("hyperparameters"),
                num(m, "seed").longValue(), TrialStatus.parse((String) m.get("status")), h, dbl(m, "objective"),
                num(m, "images").longValue(), dbl(m, "seconds"), num(m, "attempt").intValue(), (String) m.get("error"));
    }

    private static Object finite(double v) {
        return Double.isFinite(v) ? v : String.valueOf(v); // JSON has no NaN: "NaN" as a string
    }

    private static Number num(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (!(v instanceof Number n)) throw new IllegalArgumentException("field '" + key + "': expected a number, found " + v);
        return n;
    }

    private static double dbl(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v == null) return Double.NaN;
        if (v instanceof Number n) return n.doubleValue();
        return Double.parseDouble(v.toString());
    }

    static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
