package fer.cli;

import fer.PeerPython;
import fer.Workspace;
import fer.augment.AugmentBench;
import fer.bench.InferenceLatency;
import fer.bench.LoadWatch;
import fer.bench.PaperPathCheck;
import fer.bench.Peer;
import fer.bench.StepProfile;
import fer.bench.TrainBench;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fer bench}: speed checks that print numbers (speed targets are checked here, not in unit tests). */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Speed benchmarks: augmentation/batching (augment), training and inference vs TensorFlow/Keras and PyTorch (train), per-layer and per-op time (profile), "
                + "the full-size paper path (paper-path).",
        subcommands = {BenchCommand.Augment.class, BenchCommand.Train.class, BenchCommand.Profile.class, BenchCommand.PaperPath.class,
                BenchCommand.Faces.class})
public final class BenchCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        new CommandLine(this).usage(System.out);
        return 0;
    }

    /** {@code fer bench profile}: where a training step and an inference spend their time, per layer and per op. */
    @Command(name = "profile", mixinStandardHelpOptions = true,
            description = "Per-layer (forward, backward) and per-ND4J-op time of one training step, one inference and one "
                    + "batch-1 inference of the custom VGG16 model and the small CNN (the breakdown in docs/train.md). "
                    + "--seconds keeps one phase running for an outside profiler (perf).")
    public static final class Profile implements Callable<Integer> {
        @Option(names = "--nets", split = ",", defaultValue = "small,vgg", description = "vgg, small or both (default: ${DEFAULT-VALUE})")
        List<String> nets;

        @Option(names = "--batch", defaultValue = "64", description = "batch size of the training step and inference (default: ${DEFAULT-VALUE})")
        int batch;

        @Option(names = "--steps", defaultValue = "10", description = "timed steps per phase (default: ${DEFAULT-VALUE})")
        int steps;

        @Option(names = "--top", defaultValue = "15", description = "ops listed per phase (default: ${DEFAULT-VALUE})")
        int top;

        @Option(names = "--seconds", description = "instead of a breakdown: run PHASE of the first net for this long")
        Double seconds;

        @Option(names = "--phase", defaultValue = "train", description = "with --seconds: train, infer, infer1 (layer API), frozen, frozen1 (FrozenInference) (default: ${DEFAULT-VALUE})")
        String phase;

        @Override
        public Integer call() {
            // checked before anything runs: TrainBench.network takes any name but "vgg" for the small CNN
            for (String n : nets) {
                if (!TrainBench.PEER_NAME.containsKey(n)) throw new IllegalArgumentException("--nets: unknown network '" + n + "': expected vgg or small");
            }
            TrainBench.environment().forEach(System.out::println);
            System.out.printf("load average before: %.2f (1 min)%n", LoadWatch.loadAverage());
            if (seconds != null) {
                StepProfile.loop(nets.get(0), TrainBench.network(nets.get(0)), phase, batch, seconds, System.out);
                return 0;
            }
            for (String n : nets) {
                for (StepProfile.Breakdown b : StepProfile.run(n, TrainBench.network(n), batch, steps)) StepProfile.print(b, top, System.out);
            }
            System.out.printf("%nload average after: %.2f (1 min)%n", LoadWatch.loadAverage());
            return 0;
        }
    }

    /** {@code fer bench train}: DL4J against every peer framework installed, training and inference, both networks. */
    @Command(name = "train", mixinStandardHelpOptions = true,
            description = "img/s for training (batch 32, 64) and inference (batch 64, batch-1 latency) of the custom VGG16 "
                    + "model and the small CNN in DL4J and in every peer installed (TensorFlow/Keras and PyTorch from "
                    + "environment/.venv-peers, Debian's PyTorch where /usr/bin/python3 has it), interleaved, with the ratio "
                    + "against the fastest peer on each row.")
    public static final class Train implements Callable<Integer> {
        @Option(names = "--nets", split = ",", defaultValue = "vgg,small", description = "vgg, small or both (default: ${DEFAULT-VALUE})")
        List<String> nets;

        @Option(names = "--iters", description = "timed steps per measurement (default 10, --quick 3)")
        Integer iters;

        @Option(names = "--quick", description = "2 rounds of 3 steps, no layer-API rows (under 4 minutes on 2 quiet cores)")
        boolean quick;

        @Option(names = "--peers", split = ",", defaultValue = "tf,torch,torch-system",
                description = "peers to run when installed: tf (TensorFlow/Keras), torch (PyTorch of the peer venv), "
                        + "torch-system (PyTorch of --system-python) (default: ${DEFAULT-VALUE})")
        List<String> peerNames;

        @Option(names = "--peers-python", description = "Python with TensorFlow/Keras and PyTorch (default: FER_PEERS_PYTHON, else environment/.venv-peers)")
        String peersPython;

        @Option(names = "--system-python", defaultValue = "/usr/bin/python3", description = "Python of the torch-system peer, e.g. Debian's python3-torch (default: ${DEFAULT-VALUE})")
        String systemPython;

        @Option(names = "--no-peer", description = "DL4J only")
        boolean noPeer;

        @Option(names = "--layer-api", negatable = true, description = "also time DL4J's layer-API inference (default: on, off with --quick)")
        Boolean layerApi;

        @Option(names = "--onednn-rows", negatable = true, defaultValue = "true",
                description = "also time the frozen graph with the other convolution path (oneDNN primitives, -Dfer.inference.dnnl) as its own rows (default: on)")
        boolean oneDnnRows;

        @Option(names = "--rounds", description = "interleaved rounds; each value is the median over rounds (default 3, --quick 2)")
        Integer rounds;

        @Override
        public Integer call() {
            for (String n : nets) {
                if (!TrainBench.PEER_NAME.containsKey(n)) throw new IllegalArgumentException("--nets: unknown network '" + n + "': expected vgg or small");
            }
            Path root = Workspace.fromEnvironment().root();
            List<Peer> peers = noPeer ? List.of() : peers(root, System.out);
            int n = iters != null ? iters : quick ? 3 : 10;
            TrainBench.environment().forEach(System.out::println);
            System.out.printf("load average before: %.2f (1 min)%s%n", LoadWatch.loadAverage(),
                    LoadWatch.available() ? "" : "; /proc not readable: contention cannot be checked");
            int r = rounds != null ? rounds : quick ? 2 : 3;
            TrainBench bench = new TrainBench(nets, n, r, peers, layerApi != null ? layerApi : !quick).oneDnnRows(oneDnnRows);
            List<TrainBench.Row> rows = bench.run(System.out);
            System.out.println();
            System.out.print(TrainBench.table(rows, bench.peerLabels()));
            System.out.printf("load average after: %.2f (1 min)%n", LoadWatch.loadAverage());
            return 0;
        }

        /** The peers asked for, with the project's scripts and their settings; one that cannot be located is said and left out. */
        /** TF: XLA off for training, inference the faster of tf.function and tf.function with XLA, per row (docs/train.md). */
        static final List<String> TF_SETTINGS = List.of("--train-xla", "off", "--infer", "fn,xla");
        /** PyTorch: channels_last training, inference the fastest of channels_last + inference_mode and a frozen TorchScript. */
        static final List<String> TORCH_SETTINGS = List.of("--train", "cl", "--infer", "cl,freeze");

        private static final String SETUP = "environment/fer setup --peers installs TensorFlow/Keras and PyTorch";

        List<Peer> peers(Path root, java.io.PrintStream log) {
            Path bench = root.resolve("environment/bench");
            List<Peer> out = new ArrayList<>();
            PeerPython venv = peersPython != null ? new PeerPython(root, peersPython) : PeerPython.fromEnvironment(root);
            Optional<Path> py = venv.find();
            for (String p : peerNames) {
                switch (p) {
                    case "tf", "torch" -> {
                        if (py.isEmpty()) {
                            log.println(p + " peer left out: " + venv.whyMissing());
                            continue;
                        }
                        out.add(p.equals("tf") ? new Peer("TF", py.get().toString(), bench.resolve("peer_keras.py"), TF_SETTINGS, "tensorflow", SETUP)
                                : new Peer("PyTorch", py.get().toString(), bench.resolve("peer_torch.py"), TORCH_SETTINGS, "torch", SETUP));
                    }
                    case "torch-system" -> {
                        if (py.isPresent() && sameFile(py.get(), Path.of(systemPython))) continue;
                        out.add(new Peer("PyTorch-sys", systemPython, bench.resolve("peer_torch.py"), TORCH_SETTINGS, "torch",
                                "Debian: apt-get install python3-torch; or --system-python PATH"));
                    }
                    default -> throw new IllegalArgumentException("--peers: unknown peer '" + p + "': expected tf, torch or torch-system");
                }
            }
            return out;
        }

        private static boolean sameFile(Path a, Path b) {
            try {
                return java.nio.file.Files.isSameFile(a, b);
            } catch (java.io.IOException e) {
                return false;
            }
        }
    }

    /** {@code fer bench augment}: augmented images per second and the training loop's data wait ({@link AugmentBench}). */
    @Command(name = "augment", mixinStandardHelpOptions = true,
            description = "Augmented 48x48 images/s through the batch iterator, and the data wait per training batch.")
    public static final class Augment implements Callable<Integer> {
        private static final AugmentBench.Settings D = AugmentBench.Settings.defaults();

        @Option(names = "--images", description = "Images per epoch (default ${DEFAULT-VALUE}).")
        int images = D.images();

        @Option(names = "--batch", description = "Batch size (default ${DEFAULT-VALUE}).")
        int batch = D.batch();

        @Option(names = "--side", description = "Model input side (default ${DEFAULT-VALUE}).")
        int side = D.side();

        @Option(names = "--channels", description = "1 (grayscale) or 3 (VGG) (default ${DEFAULT-VALUE}).")
        int channels = D.channels();

        @Option(names = "--threads", description = "Prefetch threads (default ${DEFAULT-VALUE}).")
        int threads = D.threads();

        @Option(names = "--epochs", description = "Timed epochs for throughput, after one warm-up (default ${DEFAULT-VALUE}).")
        int epochs = D.epochs();

        @Option(names = "--step-ms", description = "Simulated training step per batch in ms for the wait test; 0 skips it (default ${DEFAULT-VALUE}).")
        double stepMillis = D.stepMillis();

        @Option(names = "--cnn-batches", description = "Batches of a real small CNN trained as the consumer; 0 skips it (default ${DEFAULT-VALUE}).")
        int cnnBatches = D.cnnBatches();

        @Option(names = "--seed", description = "Seed (default ${DEFAULT-VALUE}).")
        long seed = D.seed();

        @Override
        public Integer call() throws Exception {
            new AugmentBench(new AugmentBench.Settings(images, batch, side, channels, threads, epochs, stepMillis, cnnBatches, seed)).run();
            return 0;
        }
    }

    /** {@code fer bench paper-path}: the full-size paper profile, bounded to minutes ({@link PaperPathCheck}). */
    @Command(name = "paper-path", mixinStandardHelpOptions = true,
            description = "Full-size paper profile: load FER-2013 (or the full synthetic stand-in, CSV and folders), "
                    + "check the 22,968/5,741/7,178 split, train the custom VGG16 for a few batches of 256; "
                    + "prints load time, heap, off-heap and peak RSS.")
    public static final class PaperPath implements Callable<Integer> {
        @CommandLine.Mixin StudyOptions study;

        @Option(names = "--batches", defaultValue = "3", description = "training batches (default: ${DEFAULT-VALUE})")
        int batches;

        @Option(names = "--batch", defaultValue = "256", description = "batch size (default: ${DEFAULT-VALUE}, the paper's)")
        int batch;

        @Option(names = "--no-train", description = "load and split only")
        boolean noTrain;

        @Override
        public Integer call() throws Exception {
            return PaperPathCheck.run(study.study(), batches, batch, !noTrain) == 0 ? 0 : 1;
        }
    }

    /** {@code fer bench faces}: batch-1 forward pass of the models {@code fer live} runs, DL4J vs {@code FrozenInference}. */
    @Command(name = "faces", mixinStandardHelpOptions = true,
            description = "Batch-1 forward-pass time (one face) of models, DL4J's layer path against FrozenInference "
                    + "(default: faceapi fer2013-xception small). Run with OMP_NUM_THREADS=1, as fer live does.")
    public static final class Faces implements Callable<Integer> {
        @CommandLine.Mixin StudyOptions study;

        @CommandLine.Parameters(paramLabel = "MODEL", arity = "0..*", description = "as fer live --model")
        java.util.List<String> models = new java.util.ArrayList<>(java.util.List.of("faceapi", "fer2013-xception", "small"));

        @Option(names = "--rounds", defaultValue = "5", description = "(default: ${DEFAULT-VALUE})")
        int rounds;

        @Option(names = "--passes", defaultValue = "100", description = "passes per round (default: ${DEFAULT-VALUE})")
        int passes;

        @Override
        public Integer call() {
            fer.Study s = study.study();
            for (String m : models) {
                fer.train.StudyModels.Saved saved = fer.train.StudyModels.findOrTrain(m, s);
                fer.model.InputPreprocessing p = fer.model.InputPreprocessing.fromManifest(saved.manifest());
                InferenceLatency.print(saved.name(), saved.net(), new long[] {1, p.channels(), p.side(), p.side()}, rounds, passes, System.out);
            }
            return 0;
        }
    }
}
