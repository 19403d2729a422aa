package fer.live;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * Debian's {@code ffmpeg}/{@code ffprobe} (not the FFmpeg inside JavaCV): the encoder of the test videos and
 * the reference frame count. Missing locally, the caller is skipped; with {@code CI=true} it fails (.ci/run
 * installs ffmpeg).
 */
final class FfmpegCli {
    private static final ObjectMapper JSON = new ObjectMapper();

    private FfmpegCli() {}

    static void requireInstalled() {
        if (Files.isExecutable(Path.of("/usr/bin/ffmpeg")) && Files.isExecutable(Path.of("/usr/bin/ffprobe"))) return;
        String why = "Debian's ffmpeg is not installed (apt-get install ffmpeg)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) throw new AssertionError("CI=true but " + why);
        Assumptions.abort(why);
    }

    /** Runs {@code ffmpeg -v error -y ARGS}; fails with its output when it exits non-zero. */
    static void ffmpeg(String... args) {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/ffmpeg", "-nostdin", "-v", "error", "-y"));
        cmd.addAll(List.of(args));
        run(cmd);
    }

    /** The decoded frame count of the first video stream, as {@code ffprobe -count_frames} reports it. */
    static int countFrames(Path video) {
        Map<String, Object> s = stream(video, "-count_frames", "-show_entries", "stream=nb_read_frames");
        return Integer.parseInt(s.get("nb_read_frames").toString());
    }

    /** The first video stream's codec name ({@code h264}, {@code vp9}, {@code mpeg4}, {@code mjpeg}). */
    static String codec(Path video) {
        return stream(video, "-show_entries", "stream=codec_name").get("codec_name").toString();
    }

    /** The rotation of the first video stream's display matrix as ffprobe prints it, or null without one. */
    @SuppressWarnings("unchecked")
    static Double displayMatrixRotation(Path video) {
        Map<String, Object> s = stream(video, "-show_entries", "stream_side_data=rotation");
        Object sd = s.get("side_data_list");
        if (!(sd instanceof List<?> list)) return null;
        for (Object o : list) {
            Object r = ((Map<String, Object>) o).get("rotation");
            if (r != null) return ((Number) r).doubleValue();
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> stream(Path video, String... entries) {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/ffprobe", "-v", "error", "-select_streams", "v:0", "-of", "json"));
        cmd.addAll(List.of(entries));
        cmd.add(video.toString());
        try {
            Map<String, Object> out = JSON.readValue(run(cmd), Map.class);
            List<Map<String, Object>> streams = (List<Map<String, Object>>) out.get("streams");
            if (streams == null || streams.isEmpty()) throw new AssertionError("ffprobe found no video stream in " + video);
            return streams.get(0);
        } catch (IOException e) {
            throw new AssertionError("ffprobe output for " + video + " is not JSON: " + e.getMessage(), e);
        }
    }

    private static String run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
            byte[] out = p.getInputStream().readAllBytes();
            byte[] err = p.getErrorStream().readAllBytes();
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", cmd) + ": did not finish in 2 minutes");
            }
            if (p.exitValue() != 0) {
                throw new AssertionError(String.join(" ", cmd) + " failed (exit " + p.exitValue() + "): " + new String(err));
            }
            return new String(out);
        } catch (IOException e) {
            throw new AssertionError(cmd.get(0) + " not runnable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
