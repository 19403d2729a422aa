package fer.live;

import fer.data.Emotion;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Figure 18 and the speed table of notebook 07: the faces found in the photos with what each model says
 * about them, and each run's frames per second split by stage.
 */
public final class LiveFigures {
    private static final int CELL = 112;

    private LiveFigures() {}

    /**
     * A grid of detected faces, in colour: one column per face of the first run, one caption line per run
     * (model) under it with that model's label and confidence, coloured by label. Runs over the same
     * stills find the same faces; a face another run did not find is captioned "-".
     *
     * @param maxFaces at most this many faces (columns wrap every {@code perRow})
     */
    public static BufferedImage faceGrid(List<LiveReport> runs, int maxFaces, int perRow) {
        if (runs.isEmpty() || runs.get(0).faces().isEmpty()) throw new IllegalArgumentException("no faces to show: run with keepFaces > 0 on images with faces");
        List<LiveReport.FaceSample> faces = runs.get(0).faces().subList(0, Math.min(maxFaces, runs.get(0).faces().size()));
        int lineH = 14, captionH = runs.size() * lineH + 4, gap = 6;
        int cols = Math.min(perRow, faces.size()), rows = (faces.size() + perRow - 1) / perRow;
        int w = gap + cols * (CELL + gap), h = 22 + rows * (CELL + captionH + gap);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            g.setColor(Color.DARK_GRAY);
            StringBuilder legend = new StringBuilder("caption lines: ");
            for (int r = 0; r < runs.size(); r++) legend.append(r == 0 ? "" : " / ").append(runs.get(r).model());
            g.drawString(legend.toString(), gap, 15);
            for (int i = 0; i < faces.size(); i++) {
                LiveReport.FaceSample f = faces.get(i);
                int x = gap + (i % perRow) * (CELL + gap), y = 22 + (i / perRow) * (CELL + captionH + gap);
                BufferedImage crop = f.crop();
                double s = (double) CELL / Math.max(crop.getWidth(), crop.getHeight());
                int cw = (int) Math.round(crop.getWidth() * s), ch = (int) Math.round(crop.getHeight() * s);
                g.drawImage(crop, x + (CELL - cw) / 2, y + (CELL - ch) / 2, cw, ch, null);
                for (int r = 0; r < runs.size(); r++) {
                    LiveReport.FaceSample m = r == 0 ? f : match(runs.get(r), f);
                    int ty = y + CELL + 12 + r * lineH;
                    if (m == null) {
                        g.setColor(Color.GRAY);
                        g.drawString("-", x + 2, ty);
                        continue;
                    }
                    g.setColor(new Color(Annotator.rgbOf(m.label())));
                    g.fillRect(x, ty - 9, 8, 9);
                    g.setColor(Color.BLACK);
                    g.drawString(String.format(Locale.ROOT, "%s %.0f%%", m.label().id(), 100 * m.face().confidence()), x + 11, ty);
                }
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    /** The face of {@code run} on the same still overlapping {@code f}'s box the most (IoU ≥ 0.5). */
    static LiveReport.FaceSample match(LiveReport run, LiveReport.FaceSample f) {
        LiveReport.FaceSample best = null;
        double bestIou = 0.5;
        for (LiveReport.FaceSample o : run.faces()) {
            if (!o.source().equals(f.source()) || o.frame() != f.frame()) continue;
            double iou = o.face().box().iou(f.face().box());
            if (iou >= bestIou) {
                bestIou = iou;
                best = o;
            }
        }
        return best;
    }

    /** How often each model predicts each expression over the kept faces: model × class counts. */
    public static Table labelCounts(List<LiveReport> runs) {
        Table t = Table.create("predicted expressions");
        t.addColumns(StringColumn.create("model"));
        for (Emotion e : Emotion.FER2013) t.addColumns(IntColumn.create(e.id()));
        for (LiveReport r : runs) {
            t.stringColumn("model").append(r.model());
            for (Emotion e : Emotion.FER2013) {
                t.intColumn(e.id()).append((int) r.faces().stream().filter(f -> f.label() == e).count());
            }
        }
        return t;
    }

    /** One row per run: frames, faces per frame, FPS and milliseconds per stage, CPU per frame, load average. */
    public static Table speedTable(List<LiveReport> runs) {
        Table t = Table.create("fer live speed");
        StringColumn model = StringColumn.create("model"), source = StringColumn.create("source");
        IntColumn frames = IntColumn.create("timed frames");
        DoubleColumn faces = DoubleColumn.create("faces/frame"), fps = DoubleColumn.create("FPS");
        List<DoubleColumn> stages = new ArrayList<>();
        for (LiveStats.Stage s : LiveStats.Stage.values()) stages.add(DoubleColumn.create(s.id() + " ms"));
        DoubleColumn cpu = DoubleColumn.create("CPU ms/frame"), load = DoubleColumn.create("load avg");
        for (LiveReport r : runs) {
            LiveStats.Summary s = r.stats();
            model.append(r.model());
            source.append(r.source());
            frames.append(s.timedFrames());
            faces.append(round(s.frames() == 0 ? 0 : (double) s.faces() / s.frames()));
            fps.append(round(s.fps()));
            for (LiveStats.Stage st : LiveStats.Stage.values()) stages.get(st.ordinal()).append(round(s.msPerFrame().get(st)));
            cpu.append(round(s.cpuMsPerFrame()));
            load.append(round(s.loadAverage()));
        }
        t.addColumns(model, source, frames, faces, fps);
        stages.forEach(t::addColumns);
        t.addColumns(cpu, load);
        return t;
    }

    /** The image scaled to {@code width} pixels wide (aspect kept), for showing large frames inline. */
    public static BufferedImage scaled(BufferedImage img, int width) {
        int h = (int) Math.round((double) img.getHeight() * width / img.getWidth());
        BufferedImage out = new BufferedImage(width, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.drawImage(img, 0, 0, width, h, null);
        g.dispose();
        return out;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
