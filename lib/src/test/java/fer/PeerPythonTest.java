package fer;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The peer venv counts only when it was installed from the current requirements, as the launcher's peers_python decides. */
class PeerPythonTest {
    @Test
    void theVenvCountsOnlyWithTheStampOfTheCurrentRequirements(@TempDir Path root) throws IOException, InterruptedException {
        Files.createDirectories(root.resolve("environment"));
        Files.writeString(root.resolve(PeerPython.REQUIREMENTS), "keras==3.15.1\n");
        PeerPython peers = new PeerPython(root, null);
        assertTrue(peers.find().isEmpty());
        assertTrue(peers.whyMissing().contains("environment/fer setup --peers"), peers.whyMissing());

        Path python = Files.createDirectories(root.resolve(PeerPython.VENV).resolve("bin")).resolve("python");
        Files.writeString(python, "#!/bin/sh\n");
        Files.setPosixFilePermissions(python, PosixFilePermissions.fromString("rwxr-xr-x"));
        // the stamp the launcher writes: sha256sum of the requirements
        Process p = new ProcessBuilder("sha256sum", root.resolve(PeerPython.REQUIREMENTS).toString()).start();
        String hash = new String(p.getInputStream().readAllBytes()).split(" ")[0];
        assertEquals(0, p.waitFor());
        Files.writeString(root.resolve(PeerPython.STAMP), hash + "\n");
        assertEquals(python, peers.find().orElseThrow());

        Files.writeString(root.resolve(PeerPython.REQUIREMENTS), "keras==3.16.0\n"); // a pin edited after the install
        assertTrue(peers.find().isEmpty());
        assertTrue(peers.whyMissing().contains("installed from another"), peers.whyMissing());
        assertEquals(python, new PeerPython(root, python.toString()).find().orElseThrow(), "FER_PEERS_PYTHON wins");
        assertTrue(new PeerPython(root, "/no/such/python").find().isEmpty());
    }
}
