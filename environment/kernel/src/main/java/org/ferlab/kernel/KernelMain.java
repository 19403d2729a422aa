package org.ferlab.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import org.rapaio.jupyter.kernel.MainApp;
import org.rapaio.jupyter.kernel.channels.Channels;
import org.rapaio.jupyter.kernel.channels.LoopThread;
import org.rapaio.jupyter.kernel.core.ConnectionProperties;
import org.rapaio.jupyter.kernel.core.Transform;

/**
 * Entry point of the project's kernel (kernel.json): rapaio-jupyter-kernel 3.0.x's
 * {@code MainApp}, started so that it answers on every start and keeps the log clean.
 *
 * <p>Differences from {@code MainApp.main(connectionFile)}, each for a reason:
 * <ul>
 *   <li>the channel loops are held at {@link LoopThread}'s gate until {@code Channels.connect}
 *       has installed its message handlers (upstream race: early requests crash or get dropped);
 *   <li>building the kernel (static init of {@code MainApp}) prints two lines per
 *       {@code RJK_CLASSPATH} jar to stdout, ~200 lines for this library, into every `fer run`
 *       and CI log: stdout is silenced for that step only (cell output goes over ZeroMQ);
 *   <li>logging comes from the overlay's logging.properties (warnings only: upstream logs the
 *       connection file, HMAC key included, at INFO).
 * </ul>
 * Comms (the Jupyter widget protocol's transport) are the overlay's {@link Comms}, installed after connect.
 * Kernel &gt; Interrupt is handled by the overlay's {@code ControlChannel}, which shadows upstream's.
 * {@code -i ...} (rapaio's installer) is passed through unchanged.
 */
public final class KernelMain {

    private static final Logger LOGGER = Logger.getLogger(KernelMain.class.getSimpleName());

    private KernelMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1 || args[0].equals("-i")) {
            MainApp.main(args);
            return;
        }
        try (InputStream config = KernelMain.class.getClassLoader().getResourceAsStream("logging.properties")) {
            if (config != null) {
                LogManager.getLogManager().readConfiguration(config);
            }
        }
        // Create the console handler now: it keeps the System.err it sees when created, and the
        // first warning may come while a cell runs (System.err is then that cell's output stream).
        Logger.getLogger("").getHandlers();
        Path connectionFile = Path.of(args[0]);
        if (!Files.isRegularFile(connectionFile)) {
            throw new IOException("kernel connection file '" + connectionFile + "' is not a file");
        }
        ConnectionProperties props = Transform.fromJson(Files.readString(connectionFile), ConnectionProperties.class);
        if ("ipc".equals(props.transport())) {
            LOGGER.severe("connection file asks for transport 'ipc', which rapaio's kernel does not support");
        }

        PrintStream stdout = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            Class.forName(MainApp.class.getName(), true, KernelMain.class.getClassLoader());
        } finally {
            System.setOut(stdout);
        }

        Channels channels = new Channels(props);
        LoopThread.holdLoops();
        try {
            channels.connect(MainApp.kernel);
            Comms.install(channels); // widgets: comms instead of upstream's close-on-open, before any message is read
        } finally {
            LoopThread.releaseLoops();
        }
        channels.joinUntilClose();
    }
}
