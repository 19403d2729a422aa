package fer.model;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * One pinned npm package as the tarball {@code npm pack} writes ({@code @scope/name@version} →
 * {@code scope-name-version.tgz}) in the project's npm cache: where it lies, fetching it once, reading files out of
 * it. The pretrained real-face models come this way ({@link FaceApiPackage}, {@link HumanModelsPackage}); nothing
 * needs npm once the tarball is cached.
 *
 * @param name    the npm package, e.g. {@code @vladmandic/face-api}
 * @param version the version the importer was written and checked against
 * @param license its licence (package.json and LICENSE)
 * @param timeout how long {@code npm pack} may take (the packages differ a hundredfold in size)
 */
public record NpmTarball(String name, String version, String license, Duration timeout) {
    /** The file {@code npm pack} writes: the scope's {@code @} dropped, {@code /} as {@code -}. */
    public String fileName() {
        return name.replaceFirst("^@", "").replace('/', '-') + "-" + version + ".tgz";
    }

    /** The cached tarball's path in {@code cacheDir} (it may not exist). */
    public Path tarball(Path cacheDir) {
        return cacheDir.resolve(fileName());
    }

    /** True when the tarball is cached in {@code cacheDir}. */
    public boolean isCached(Path cacheDir) {
        return Files.isRegularFile(tarball(cacheDir));
    }

    /**
     * Fetches the package with {@code npm pack} into the cache unless it is there; returns the tarball.
     * Fails with the reason (no npm, registry unreachable, ...) in the message.
     */
    public Path fetch(Path cacheDir) {
        Path tgz = tarball(cacheDir);
        if (Files.isRegularFile(tgz)) return tgz;
        String spec = name + "@" + version;
        try {
            Files.createDirectories(cacheDir);
            Process p = new ProcessBuilder("npm", "pack", "--silent", spec)
                    .directory(cacheDir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("npm pack " + spec + " did not finish in " + timeout.toMinutes() + " minutes");
            }
            if (p.exitValue() != 0 || !Files.isRegularFile(tgz)) {
                String last = out.lines().reduce((a, b) -> b).orElse("no output");
                throw new IllegalStateException("npm pack " + spec + " failed (exit " + p.exitValue() + "): " + last);
            }
            return tgz;
        } catch (IOException e) {
            throw new IllegalStateException("npm not runnable (" + e.getMessage() + "): install Node.js + npm, then run environment/fer setup", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while fetching " + name, e);
        }
    }

    /**
     * Reads the named files from a package tarball ({@code package/...} paths); fails naming the tarball and
     * the first file it lacks.
     */
    public static Map<String, byte[]> read(Path tgz, Set<String> paths) {
        Map<String, byte[]> out = new HashMap<>();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(tgz));
             TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(in))) {
            for (TarArchiveEntry e = tar.getNextTarEntry(); e != null; e = tar.getNextTarEntry()) {
                if (paths.contains(e.getName())) out.put(e.getName(), tar.readAllBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(tgz + ": not a readable npm tarball (.tgz): " + e.getMessage(), e);
        }
        for (String p : paths) {
            if (!out.containsKey(p)) throw new IllegalArgumentException(tgz + ": has no " + p);
        }
        return out;
    }
}
