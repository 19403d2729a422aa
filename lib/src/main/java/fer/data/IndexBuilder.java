package fer.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Accumulates images as a reader accepts them: pixels into one growing byte array (never doubles), the
 * index columns alongside. A reader adds only complete, validated items, so what {@link #build} returns
 * is never half-loaded.
 */
final class IndexBuilder {
    private final String datasetName;
    private final int side;
    private final List<Emotion> classes;
    private byte[] pixels = new byte[0];
    private int n;
    private final List<Integer> labels = new ArrayList<>();
    private final List<String> sources = new ArrayList<>();
    private final List<String> files = new ArrayList<>();
    private final List<Integer> rows = new ArrayList<>();
    private final List<String> splits = new ArrayList<>();
    private final List<Integer> widths = new ArrayList<>();
    private final List<Integer> heights = new ArrayList<>();
    private final List<Integer> channels = new ArrayList<>();
    private final List<Skipped> skipped = new ArrayList<>();
    private final java.util.Map<String, Integer> excluded = new java.util.LinkedHashMap<>();

    IndexBuilder(String datasetName, int side, List<Emotion> classes) {
        this.datasetName = datasetName;
        this.side = side;
        this.classes = List.copyOf(classes);
    }

    /**
     * Adds one image.
     *
     * @param file  source file (relative path as the user sees it)
     * @param row   1-based line in a CSV file, or -1 for an image file
     * @param label index into the classes list
     * @param split the source split exactly as stored (Training/PublicTest/PrivateTest, train/test)
     */
    void add(String file, int row, int label, String split, byte[] px, int width, int height, int nChannels) {
        if (px.length != side * side) throw new IllegalStateException("expected " + side * side + " pixels, got " + px.length);
        int need = (n + 1) * side * side;
        if (need > pixels.length) pixels = Arrays.copyOf(pixels, Math.max(need, pixels.length * 3 / 2 + side * side * 64));
        System.arraycopy(px, 0, pixels, n * side * side, px.length);
        n++;
        labels.add(label);
        files.add(file);
        rows.add(row);
        sources.add(row > 0 ? file + ":" + row : file);
        splits.add(split);
        widths.add(width);
        heights.add(height);
        channels.add(nChannels);
    }

    void skip(Skipped s) {
        skipped.add(s);
    }

    /** Counts an item the format itself leaves out (FER+ unknown / not-a-face): not bad input. */
    void exclude(String why) {
        excluded.merge(why, 1, Integer::sum);
    }

    int skippedCount() {
        return skipped.size();
    }

    int size() {
        return n;
    }

    FerDataset build(DatasetFormat format, java.nio.file.Path path) {
        int[] lb = labels.stream().mapToInt(Integer::intValue).toArray();
        InMemoryImages images = new InMemoryImages(datasetName, side, classes,
                Arrays.copyOf(pixels, n * side * side), lb, sources.toArray(String[]::new));
        Table index = Table.create(datasetName + " index",
                IntColumn.indexColumn("id", n, 0),
                StringColumn.create("file", files),
                IntColumn.create("row", rows.stream().mapToInt(Integer::intValue).toArray()),
                IntColumn.create("label", lb),
                StringColumn.create("emotion", labels.stream().map(l -> classes.get(l).id()).toList()),
                StringColumn.create("split", splits),
                IntColumn.create("width", widths.stream().mapToInt(Integer::intValue).toArray()),
                IntColumn.create("height", heights.stream().mapToInt(Integer::intValue).toArray()),
                IntColumn.create("channels", channels.stream().mapToInt(Integer::intValue).toArray()));
        return new FerDataset(datasetName, format, path, index, images, List.copyOf(skipped), java.util.Map.copyOf(excluded));
    }
}
