package fer.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The per-epoch metrics of a run (Keras' {@code History}), kept as {@code history.csv} in the run
 * directory and appended to as each epoch ends, so a killed run leaves everything it finished.
 */
public final class History {
    /** CSV header, Keras' column names. */
    public static final String HEADER = "epoch,loss,accuracy,val_loss,val_accuracy,lr,seconds";

    private final List<EpochMetrics> epochs = new ArrayList<>();

    public List<EpochMetrics> epochs() {
        return List.copyOf(epochs);
    }

    public int size() {
        return epochs.size();
    }

    void add(EpochMetrics m) {
        epochs.add(m);
    }

    /** The last epoch, or null. */
    public EpochMetrics last() {
        return epochs.isEmpty() ? null : epochs.get(epochs.size() - 1);
    }

    /** Appends one row to {@code csv}, writing the header first if the file is new. */
    static void append(Path csv, EpochMetrics m) {
        fer.AppendLog log = new fer.AppendLog(csv);
        log.repairOnce();
        if (!Files.exists(csv) || size(csv) == 0) log.append(HEADER);
        log.append(row(m));
    }

    private static long size(Path csv) {
        try {
            return Files.size(csv);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + csv + ": " + fer.FileErrors.cause(e), e);
        }
    }

    static String row(EpochMetrics m) {
        return String.format(Locale.ROOT, "%d,%.6f,%.6f,%.6f,%.6f,%.8g,%.2f", m.epoch(), m.loss(), m.accuracy(),
                m.valLoss(), m.valAccuracy(), m.learningRate(), m.seconds());
    }

    /** Reads a history written by {@link #append}; bad rows are reported with file and line. */
    public static History read(Path csv) {
        History h = new History();
        List<String> lines;
        try {
            lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + csv, e);
        }
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new IllegalArgumentException(csv + ":1: expected header '" + HEADER + "', found '"
                    + (lines.isEmpty() ? "" : lines.get(0)) + "'");
        }
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) continue;
            String[] f = line.split(",");
            try {
                if (f.length != 7) throw new NumberFormatException("expected 7 fields, found " + f.length);
                h.add(new EpochMetrics(Integer.parseInt(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                        Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6])));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(csv + ":" + (i + 1) + ": bad history row '" + line + "': " + e.getMessage());
            }
        }
        return h;
    }

    /** Puts every epoch's row into a checkpoint's state ({@code history.N}), so the checkpoint alone can restore the history. */
    static void toState(History h, java.util.Properties p) {
        for (EpochMetrics m : h.epochs) p.setProperty("history." + m.epoch(), row(m));
    }

    /** The history a checkpoint's state holds for epochs 1..{@code done}; null when it holds none (older checkpoints). */
    static History fromState(java.util.Properties p, int done) {
        History h = new History();
        for (int e = 1; e <= done; e++) {
            String row = p.getProperty("history." + e);
            if (row == null) return null;
            String[] f = row.split(",");
            h.add(new EpochMetrics(Integer.parseInt(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]),
                    Double.parseDouble(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6])));
        }
        return h;
    }

    /** Makes {@code csv} hold exactly {@code h} (rewritten atomically, only when it differs); returns {@code h}. */
    static History rewrite(Path csv, History h) {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        for (EpochMetrics m : h.epochs) text.append(row(m)).append('\n');
        try {
            if (Files.isRegularFile(csv) && Files.readString(csv, StandardCharsets.UTF_8).contentEquals(text)) return h;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + csv + ": " + fer.FileErrors.cause(e), e);
        }
        fer.AtomicFiles.writeString(csv, text.toString());
        return h;
    }

    /** Keeps only the first {@code n} epochs in memory and in {@code csv} (after resuming from epoch n). */
    static History truncate(Path csv, int n) {
        History h = Files.exists(csv) ? read(csv) : new History();
        History kept = new History();
        for (EpochMetrics m : h.epochs) if (m.epoch() <= n) kept.add(m);
        return rewrite(csv, kept);
    }
}
