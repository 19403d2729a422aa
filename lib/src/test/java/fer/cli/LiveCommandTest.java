package fer.cli;

import static org.junit.jupiter.api.Assertions.*;

import fer.live.FrameSource;
import fer.live.FrameSources;
import fer.live.LiveException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad sources end with one clear line and a non-zero exit, before any model is loaded. */
class LiveCommandTest {
    @TempDir Path dir;



    static void assertCleanFailure(CliRun r, String expected) {
        assertNotEquals(0, r.code());
        assertTrue(r.err().contains(expected), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        assertFalse(r.err().contains("Exception"), "no exception name: " + r.err());
    }

    @Test
    void missingCamera() {
        assertCleanFailure(CliRun.of("live", "--source", "7", "--model", "small", "--no-window"), "no camera at index 7");
    }

    @Test
    void cameraZeroWithoutACameraIsOneLineAndExit2() {
        org.junit.jupiter.api.Assumptions.assumeFalse(Files.exists(Path.of("/dev/video0")), "this machine has a camera");
        CliRun r = CliRun.of("live", "--source", "0", "--model", "small", "--no-window");
        assertEquals(2, r.code());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        assertTrue(r.err().startsWith("fer: no camera at index 0 (no /dev/video0)"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void missingFile() {
        assertCleanFailure(CliRun.of("live", "--source", dir.resolve("nope.avi").toString(), "--no-window"), "no such file or folder");
    }

    @Test
    void unreadableVideo() throws IOException {
        Path fake = dir.resolve("clip.avi");
        Files.writeString(fake, "not a video");
        assertCleanFailure(CliRun.of("live", "--source", fake.toString(), "--no-window"), "cannot read video " + fake);
    }

    @Test
    void unreadableImage() throws IOException {
        Path fake = dir.resolve("photo.jpg");
        Files.writeString(fake, "not a jpeg");
        try (FrameSource s = FrameSources.open(fake); org.bytedeco.opencv.opencv_core.Mat m = new org.bytedeco.opencv.opencv_core.Mat()) {
            LiveException e = assertThrows(LiveException.class, () -> s.read(m));
            assertTrue(e.getMessage().startsWith("cannot read image " + fake), e.getMessage());
        }
    }

    @Test
    void unknownModel() throws IOException {
        Path img = dir.resolve("photo.png");
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(64, 64, java.awt.image.BufferedImage.TYPE_3BYTE_BGR), "png", img.toFile());
        assertCleanFailure(CliRun.of("live", "--source", img.toString(), "--no-window", "--model", dir.resolve("none.zip").toString()),
                dir.resolve("none.zip") + ": no such model file");
    }

    @Test
    void folderWithoutImages() throws IOException {
        Files.writeString(dir.resolve("notes.txt"), "hello");
        assertCleanFailure(CliRun.of("live", "--source", dir.toString(), "--no-window"), "has no images");
    }

    @Test
    void noSource() {
        assertCleanFailure(CliRun.of("live", "--no-window"), "--source is required");
    }
}
