package fer.live;

import fer.Workspace;
import fer.model.FaceApiPackage;
import fer.model.NpmTarball;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Real photos to run the demo on: the group photos {@code demo/sample1.jpg … sample6.jpg} shipped in the
 * npm package of the real-face model ({@link FaceApiPackage}, MIT), unpacked once next to the cached
 * tarball. Empty when the package is not cached (no npm at set-up).
 */
public final class FaceApiPhotos {
    /** The photos' paths inside the tarball. */
    public static final List<String> SAMPLES = List.of("package/demo/sample1.jpg", "package/demo/sample2.jpg",
            "package/demo/sample3.jpg", "package/demo/sample4.jpg", "package/demo/sample5.jpg", "package/demo/sample6.jpg");

    private FaceApiPhotos() {}

    /** {@code environment/.cache/npm/face-api-demo/}: where the photos are unpacked. */
    public static Path dir(Workspace w) {
        return w.npmCache().resolve("face-api-demo");
    }

    /** The folder holding the six photos, unpacking them first when needed; empty without the package. */
    public static Optional<Path> folder(Workspace w) {
        Path dir = dir(w);
        if (SAMPLES.stream().allMatch(s -> Files.isRegularFile(dir.resolve(name(s))))) return Optional.of(dir);
        if (!FaceApiPackage.NPM.isCached(w.npmCache())) return Optional.empty();
        Map<String, byte[]> files = NpmTarball.read(FaceApiPackage.NPM.tarball(w.npmCache()), new LinkedHashSet<>(SAMPLES));
        try {
            Files.createDirectories(dir);
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                Path tmp = dir.resolve(name(e.getKey()) + ".tmp");
                Files.write(tmp, e.getValue());
                Files.move(tmp, dir.resolve(name(e.getKey())), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the face-api demo photos into " + dir, e);
        }
        return Optional.of(dir);
    }

    /** The photos, sorted; empty without the package. */
    public static List<Path> photos(Workspace w) {
        return folder(w).map(d -> SAMPLES.stream().map(s -> d.resolve(name(s))).toList()).orElse(List.of());
    }

    private static String name(String tarPath) {
        return tarPath.substring(tarPath.lastIndexOf('/') + 1);
    }

}
