package fer.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;

/**
 * Reader for FER-2013's folder form: {@code train/<class>/*} and {@code test/<class>/*} (PNG or JPEG,
 * any size or channel count; resized to grayscale at the requested side). Class folders are mapped to
 * labels by name ({@link ClassNames}), never by position. Files are read in a fixed order (split, label,
 * file name) so the index, and every seeded split of it, is the same on every machine.
 */
public final class FerFolders {
    /** Split folders this reader looks for, in this order (any case). */
    public static final List<String> SPLITS = List.of("train", "val", "validation", "test");

    private FerFolders() {}

    /** True when {@code dir} has a {@code train} or {@code test} folder (any case). */
    public static boolean looksLikeFolderForm(Path dir) {
        return Files.isDirectory(dir) && !splitDirs(dir).isEmpty();
    }

    /** Reads the folder form into a dataset named "FER-2013". */
    public static FerDataset read(Path root, ReadOptions opt) {
        return read(root, opt, "FER-2013");
    }

    /** Reads the folder form into a dataset with the given name. */
    public static FerDataset read(Path root, ReadOptions opt, String datasetName) {
        if (!Files.isDirectory(root)) {
            throw new BadDataException(root.toString(), "folder not found: expected train/<class>/ and test/<class>/ under it");
        }
        List<Path> splits = splitDirs(root);
        if (splits.isEmpty()) {
            throw new BadDataException(root.toString(), "no train/ or test/ folder: expected train/<class>/ and test/<class>/");
        }
        IndexBuilder b = new IndexBuilder(datasetName, opt.side(), Emotion.FER2013);
        for (Path split : splits) {
            String splitName = split.getFileName().toString();
            List<Item> items = new ArrayList<>();
            for (Path entry : list(split)) {
                String name = entry.getFileName().toString();
                if (!Files.isDirectory(entry)) {
                    fail(b, opt, new BadDataException(root.relativize(entry).toString(),
                            "file outside a class folder: expected " + splitName + "/<class>/<image>"));
                    continue;
                }
                var emotion = ClassNames.parse(name);
                if (emotion.isEmpty() || emotion.get() == Emotion.CONTEMPT) {
                    fail(b, opt, new BadDataException(root.relativize(entry).toString(), "unknown class folder '" + name
                            + "': expected one of angry, disgust(ed), fear(ful), happy, sad, surprise(d), neutral"));
                    continue;
                }
                List<Path> files = list(entry).stream().filter(p -> !p.getFileName().toString().startsWith(".")).toList();
                if (files.isEmpty()) {
                    fail(b, opt, new BadDataException(root.relativize(entry).toString(), "empty class folder: expected images of class "
                            + emotion.get().id()));
                    continue;
                }
                for (Path f : files) items.add(new Item(f, emotion.get().label()));
            }
            // Label order, then file name: the same order on every file system.
            items.sort(Comparator.comparingInt(Item::label).thenComparing(i -> i.file().getFileName().toString()));
            Decoded[] decoded = new Decoded[items.size()];
            IntStream.range(0, items.size()).parallel().forEach(i -> decoded[i] = decode(root, items.get(i).file(), opt.side()));
            for (int i = 0; i < decoded.length; i++) {
                Decoded d = decoded[i];
                if (d.error() != null) {
                    fail(b, opt, d.error());
                } else {
                    b.add(root.relativize(items.get(i).file()).toString(), -1, items.get(i).label(), splitName,
                            d.pixels(), d.width(), d.height(), d.channels());
                }
            }
        }
        if (b.size() == 0) {
            throw new BadDataException(root.toString(), "no readable images under train/<class>/ or test/<class>/"
                    + (b.skippedCount() > 0 ? " (" + b.skippedCount() + " skipped)" : ""));
        }
        return b.build(DatasetFormat.FOLDERS, root);
    }

    private record Item(Path file, int label) {}

    private record Decoded(byte[] pixels, int width, int height, int channels, BadDataException error) {}

    private static void fail(IndexBuilder b, ReadOptions opt, BadDataException e) {
        if (!opt.lenient()) throw e;
        b.skip(e.asSkipped());
    }

    private static Decoded decode(Path root, Path file, int side) {
        String item = root.relativize(file).toString();
        try {
            BufferedImage img = readImage(file);
            byte[] gray = Gray.luminance(img);
            return new Decoded(Gray.resize(gray, img.getWidth(), img.getHeight(), side),
                    img.getWidth(), img.getHeight(), img.getRaster().getNumBands(), null);
        } catch (IOException | RuntimeException e) {
            return new Decoded(null, 0, 0, 0, new BadDataException(item, "unreadable image: expected a PNG or JPEG ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")", e));
        }
    }

    /**
     * Decodes one image, treating decoder warnings as errors: a truncated JPEG otherwise decodes
     * "successfully" with its missing part filled in gray, which would be a silent corruption.
     */
    static BufferedImage readImage(Path file) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) throw new IOException("cannot open");
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) throw new IOException("not an image format Java can read (PNG, JPEG, BMP, GIF)");
            ImageReader reader = readers.next();
            List<String> warnings = new ArrayList<>();
            reader.addIIOReadWarningListener((IIOReadWarningListener) (src, w) -> warnings.add(w));
            try {
                reader.setInput(in, true, true);
                BufferedImage img = reader.read(0);
                if (!warnings.isEmpty()) throw new IOException("corrupt or truncated: " + warnings.get(0));
                return img;
            } finally {
                reader.dispose();
            }
        }
    }

    private static List<Path> splitDirs(Path root) {
        List<Path> out = new ArrayList<>();
        List<Path> children = list(root);
        for (String s : SPLITS) {
            for (Path c : children) {
                if (Files.isDirectory(c) && c.getFileName().toString().toLowerCase(Locale.ROOT).equals(s)) out.add(c);
            }
        }
        return out;
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + dir + ": " + e.getMessage(), e);
        }
    }
}
