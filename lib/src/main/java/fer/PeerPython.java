package fer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The Python of the peer frameworks (TensorFlow/Keras, PyTorch): {@code environment/.venv-peers}, made by
 * {@code environment/fer setup --peers} from {@code environment/requirements-peers.txt}. The Java twin of the
 * launcher's {@code peers_python}: the venv counts only when its stamp holds the hash of the current
 * requirements (so an edited pin is never tested against an old install). {@code FER_PEERS_PYTHON} names
 * another interpreter instead; the caller (a command, a test) reads it and passes it in.
 *
 * @param root     the project root
 * @param override an interpreter to use instead of the venv ({@code FER_PEERS_PYTHON}), or null
 */
public record PeerPython(Path root, String override) {
    /** The venv, relative to the root. */
    public static final String VENV = "environment/.venv-peers";
    /** The pinned requirements it is installed from. */
    public static final String REQUIREMENTS = "environment/requirements-peers.txt";
    /** The stamp {@code setup --peers} writes last, holding the requirements' SHA-256. */
    public static final String STAMP = VENV + "/fer-peers.stamp";

    /** The project's peer Python as the environment says ({@code FER_PEERS_PYTHON}, else the venv). */
    public static PeerPython fromEnvironment(Path root) {
        String o = System.getenv("FER_PEERS_PYTHON");
        return new PeerPython(root, o == null || o.isBlank() ? null : o);
    }

    /** The interpreter, when it is installed from the current requirements. */
    public Optional<Path> find() {
        if (override != null) return Files.isExecutable(Path.of(override)) ? Optional.of(Path.of(override)) : Optional.empty();
        Path python = root.resolve(VENV).resolve("bin/python");
        Path stamp = root.resolve(STAMP);
        if (!Files.isExecutable(python) || !Files.isRegularFile(stamp)) return Optional.empty();
        try {
            return Files.readString(stamp).strip().equals(requirementsHash()) ? Optional.of(python) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Why {@link #find} is empty, in one sentence that says what to run. */
    public String whyMissing() {
        if (override != null) return "FER_PEERS_PYTHON=" + override + " is not an executable file";
        Path python = root.resolve(VENV).resolve("bin/python");
        if (!Files.isExecutable(python)) return "no " + VENV + " (TensorFlow/Keras, PyTorch): run environment/fer setup --peers";
        return VENV + " was installed from another " + REQUIREMENTS + " (or never finished): run environment/fer setup --peers";
    }

    /** SHA-256 of the requirements file, hex, as {@code sha256sum} prints it. */
    String requirementsHash() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(root.resolve(REQUIREMENTS)));
            return HexFormat.of().formatHex(digest);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + root.resolve(REQUIREMENTS), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
