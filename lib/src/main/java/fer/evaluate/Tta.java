package fer.evaluate;

import fer.data.Gray;
import fer.data.InMemoryImages;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Test-time augmentation: the model sees several views of each test image and its softmax outputs are
 * averaged. {@link #FLIP} adds the mirror image (faces are roughly symmetric, and training flipped them);
 * {@link #TEN_CROP} is the ten-crop of Krizhevsky et al. as usef-kh/fer applies it to FER-2013: the four
 * corner crops and the centre crop, each also mirrored. The crops cover 7/8 of the side and are scaled back to
 * the model's input size, a zoom within the range Table 1 trains with.
 */
public enum Tta {
    NONE("none"),
    FLIP("flip"),
    TEN_CROP("tencrop");

    /** Side of a ten-crop crop as a share of the image side (42 of 48 pixels). */
    public static final double CROP_SHARE = 7.0 / 8.0;

    private final String id;

    Tta(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** Number of views per image. */
    public int views() {
        return switch (this) {
            case NONE -> 1;
            case FLIP -> 2;
            case TEN_CROP -> 10;
        };
    }

    /** Parses {@code none}, {@code flip}, {@code tencrop} / {@code ten-crop} (any case). */
    public static Tta parse(String s) {
        return switch (s.trim().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "")) {
            case "none", "off" -> NONE;
            case "flip", "hflip" -> FLIP;
            case "tencrop", "10crop" -> TEN_CROP;
            default -> throw new IllegalArgumentException("Unknown test-time augmentation '" + s + "': expected none, flip or tencrop");
        };
    }

    /** The views of {@code images} the model sees, each the same size and order as {@code images}; the first is the original for NONE and FLIP. */
    public List<InMemoryImages> views(InMemoryImages images) {
        List<InMemoryImages> out = new ArrayList<>();
        switch (this) {
            case NONE -> out.add(images);
            case FLIP -> {
                out.add(images);
                out.add(map(images, (px, side) -> mirror(px, side)));
            }
            case TEN_CROP -> {
                int side = images.side();
                int crop = (int) Math.round(side * CROP_SHARE);
                int far = side - crop, mid = far / 2;
                int[][] corners = {{0, 0}, {far, 0}, {0, far}, {far, far}, {mid, mid}};
                for (int[] xy : corners) {
                    InMemoryImages cropped = map(images, (px, s) -> Gray.resize(crop(px, s, xy[0], xy[1], crop), crop, crop, s));
                    out.add(cropped);
                    out.add(map(cropped, Tta::mirror));
                }
            }
        }
        return out;
    }

    /** The image mirrored left to right. */
    static byte[] mirror(byte[] px, int side) {
        byte[] out = new byte[px.length];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) out[y * side + x] = px[y * side + side - 1 - x];
        }
        return out;
    }

    /** The {@code size×size} square at ({@code x0}, {@code y0}). */
    static byte[] crop(byte[] px, int side, int x0, int y0, int size) {
        byte[] out = new byte[size * size];
        for (int y = 0; y < size; y++) System.arraycopy(px, (y0 + y) * side + x0, out, y * size, size);
        return out;
    }

    private interface PixelMap {
        byte[] apply(byte[] px, int side);
    }

    private static InMemoryImages map(InMemoryImages images, PixelMap f) {
        int side = images.side(), n = side * side;
        byte[] all = new byte[images.size() * n];
        int[] labels = new int[images.size()];
        String[] sources = new String[images.size()];
        for (int i = 0; i < images.size(); i++) {
            byte[] out = f.apply(images.pixels(i), side);
            if (out.length != n) throw new IllegalStateException("view of " + images.source(i) + " has " + out.length + " pixels, expected " + n);
            System.arraycopy(out, 0, all, i * n, n);
            labels[i] = images.label(i);
            sources[i] = images.source(i);
        }
        return new InMemoryImages(images.datasetName(), side, images.classes(), all, labels, sources);
    }
}
