package fer.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

/**
 * Puts ImageNet VGG16 weights into a network's VGG16 base when they can be had, and says where they
 * came from: DL4J's zoo file (cached, or downloaded with bounded timeouts), else Keras' notop .h5,
 * else nothing (random initialisation, reported as such so no result is mistaken for transfer learning).
 */
public final class PretrainedWeights {
    /** DL4J zoo's VGG16 ImageNet file, as its {@code initPretrained()} names and caches it. */
    public static final String ZOO_FILE = "vgg16_dl4j_inference.zip";
    /** The zoo's download address (DL4JResources' default base URL + the VGG16 path). */
    public static final String ZOO_URL = "https://dl4jdata.blob.core.windows.net/models/vgg16_dl4j_inference.zip";

    /** Where the weights came from. */
    public enum Source {
        IMAGENET_DL4J_ZOO, IMAGENET_KERAS_H5,
        /** The base of a model the project trained first (the quick profile's default model), copied in by {@link BaseTransfer}. */
        PROJECT_BASE,
        RANDOM_INIT, NOT_APPLICABLE;

        /** True when the base starts from trained weights (ImageNet's or the project's own). */
        public boolean pretrained() {
            return this == IMAGENET_DL4J_ZOO || this == IMAGENET_KERAS_H5 || this == PROJECT_BASE;
        }
    }

    /** The outcome: the source and a sentence saying which file, or why none was used. */
    public record Result(Source source, String detail) {
        /** A notice for notebooks and manifests. */
        public String notice() {
            return switch (source) {
                case IMAGENET_DL4J_ZOO, IMAGENET_KERAS_H5 -> "VGG16 base initialised from ImageNet weights: " + detail;
                case PROJECT_BASE -> "VGG16 base initialised from the project's trained model " + detail
                        + " (transfer learning from a base pre-trained here, not from ImageNet)";
                case RANDOM_INIT -> "NOTICE: no ImageNet VGG16 weights found; the VGG16 base starts from RANDOM weights ("
                        + detail + "). Accuracy will be far below the paper's transfer-learning results.";
                case NOT_APPLICABLE -> "no pretrained weights apply to this architecture";
            };
        }
    }

    /** Where to look and whether to download. */
    public record Options(Path zooCache, Path kerasH5, boolean download, Duration connectTimeout, Duration stallTimeout) {
        /**
         * DL4J's and Keras' default caches in the user's home; downloads unless {@code FER_OFFLINE} or {@code -Dfer.offline}
         * is set. Read at the edge ({@code fer.Study}); below it the options are passed.
         */
        public static Options fromEnvironment() {
            Path home = Path.of(System.getProperty("user.home"));
            String dir = System.getProperty("org.deeplearning4j.resources.directory");
            Path zoo = (dir != null ? Path.of(dir) : home.resolve(".deeplearning4j")).resolve("models/vgg16").resolve(ZOO_FILE);
            boolean offline = System.getenv("FER_OFFLINE") != null || Boolean.getBoolean("fer.offline");
            return new Options(zoo, KerasVggWeights.defaultPath(), !offline, Duration.ofSeconds(5), Duration.ofSeconds(30));
        }

        /** No cache and no download: the base starts from random weights (tests, tools). */
        public static Options none() {
            Path nowhere = Path.of("/nonexistent-fer-weights");
            return new Options(nowhere.resolve(ZOO_FILE), nowhere.resolve(KerasVggWeights.FILE_NAME), false, Duration.ofSeconds(5),
                    Duration.ofSeconds(30));
        }

        /** These options without any network access. */
        public Options offline() {
            return new Options(zooCache, kerasH5, false, connectTimeout, stallTimeout);
        }
    }

    private PretrainedWeights() {}


    /** Tries the zoo cache, then the Keras file, then a bounded download; otherwise leaves random weights. */
    public static Result applyImageNet(ComputationGraph net, Architecture architecture, Options options) {
        if (!architecture.usesVgg()) return new Result(Source.NOT_APPLICABLE, architecture.id());
        List<String> tried = new ArrayList<>();
        if (Files.isRegularFile(options.zooCache())) {
            try {
                applyZoo(options.zooCache(), net);
                return new Result(Source.IMAGENET_DL4J_ZOO, options.zooCache().toString());
            } catch (IOException | RuntimeException e) {
                tried.add(options.zooCache() + " unusable: " + e);
            }
        } else {
            tried.add("no " + options.zooCache());
        }
        if (Files.isRegularFile(options.kerasH5())) {
            try {
                KerasVggWeights.apply(options.kerasH5(), net);
                return new Result(Source.IMAGENET_KERAS_H5, options.kerasH5().toString());
            } catch (RuntimeException e) {
                tried.add(options.kerasH5() + " unusable: " + e);
            }
        } else {
            tried.add("no " + options.kerasH5());
        }
        if (options.download()) {
            try {
                download(URI.create(ZOO_URL), options.zooCache(), options.connectTimeout(), options.stallTimeout());
                applyZoo(options.zooCache(), net);
                return new Result(Source.IMAGENET_DL4J_ZOO, options.zooCache() + " (downloaded)");
            } catch (IOException | RuntimeException e) {
                tried.add("download " + ZOO_URL + " failed: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                tried.add("download interrupted");
            }
        } else {
            tried.add("no download (offline, or quick profile)");
        }
        return new Result(Source.RANDOM_INIT, String.join("; ", tried));
    }

    /** Copies the 13 conv layers of DL4J's zoo VGG16 (same order as ours) into {@code net}. */
    static void applyZoo(Path zip, ComputationGraph net) throws IOException {
        ComputationGraph zoo = ModelSerializer.restoreComputationGraph(zip.toFile(), false);
        List<Layer> convs = new ArrayList<>();
        for (int i : zoo.topologicalSortOrder()) {
            var v = zoo.getVertices()[i];
            if (v.hasLayer() && v.getLayer() instanceof org.deeplearning4j.nn.layers.convolution.ConvolutionLayer) convs.add(v.getLayer());
        }
        List<String> names = Models.vggConvNames();
        if (convs.size() != names.size()) {
            throw new IOException(zip + ": expected " + names.size() + " convolution layers (VGG16), found " + convs.size());
        }
        for (int i = 0; i < names.size(); i++) {
            Layer target = net.getLayer(names.get(i));
            KerasVggWeights.setConv(target, convs.get(i).getParam("W"), convs.get(i).getParam("b"), zip + ":conv#" + (i + 1));
        }
    }

    /**
     * Downloads {@code url} to {@code target} (atomically) with a connect timeout and a stall watchdog:
     * DL4J's own download has neither and hangs forever on a silent endpoint.
     */
    static void download(URI url, Path target, Duration connect, Duration stall) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(connect).followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpResponse<InputStream> resp = http.send(HttpRequest.newBuilder(url).timeout(connect.plus(stall)).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (resp.statusCode() != 200) throw new IOException(url + ": HTTP " + resp.statusCode());
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
        AtomicLong lastByte = new AtomicLong(System.nanoTime());
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "download-watchdog");
            t.setDaemon(true);
            return t;
        });
        try (InputStream in = resp.body(); OutputStream out = Files.newOutputStream(tmp)) {
            watchdog.scheduleAtFixedRate(() -> {
                if (System.nanoTime() - lastByte.get() > stall.toNanos()) {
                    try { in.close(); } catch (IOException ignored) { /* closing to unblock the reader */ }
                }
            }, 1, 1, TimeUnit.SECONDS);
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) >= 0; ) {
                out.write(buf, 0, n);
                lastByte.set(System.nanoTime());
            }
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw new IOException(url + ": download stalled or failed after " + stall.toSeconds() + " s without data: " + e.getMessage(), e);
        } finally {
            watchdog.shutdownNow();
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
