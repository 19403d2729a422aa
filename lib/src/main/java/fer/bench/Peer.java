package fer.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * A peer framework that {@link TrainBench} runs as a child process beside DL4J: its column name, the interpreter,
 * the project's script for it ({@code environment/bench/peer_*.py}) with the arguments that pick its settings, and
 * the module whose import says it is installed.
 *
 * @param name   the column header (e.g. {@code TF}, {@code PyTorch})
 * @param python the interpreter
 * @param script the peer script, which prints {@code PEER}, {@code TRAIN} and {@code INFER} lines
 * @param args   arguments after the network name (settings; the bench adds {@code --iters} and {@code --threads})
 * @param module the Python module that must import ({@code tensorflow}, {@code torch})
 * @param install how to install it, for the message when it does not import
 */
public record Peer(String name, String python, Path script, List<String> args, String module, String install) {
    public Peer {
        args = List.copyOf(args);
        if (name.isBlank() || name.contains(" ")) throw new IllegalArgumentException("peer name must be one word, got '" + name + "'");
    }

    /** The command for one network, {@code iters} timed steps and {@code threads} threads. */
    List<String> command(String peerNet, int iters, int threads) {
        List<String> cmd = new java.util.ArrayList<>(List.of(python, script.toString(), peerNet));
        cmd.addAll(args);
        cmd.addAll(List.of("--iters", String.valueOf(iters), "--threads", String.valueOf(threads)));
        return cmd;
    }
}
