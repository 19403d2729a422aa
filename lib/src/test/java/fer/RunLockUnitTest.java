package fer;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lock's own rules: re-entrant in one JVM, released with the last hold, the holder's PID in the file. */
class RunLockUnitTest {
    @Test
    void reentrantInOneProcessAndReleasedWithTheLastHold(@TempDir Path dir) throws Exception {
        try (RunLock a = RunLock.folder(dir, "run x")) {
            assertEquals(Long.toString(ProcessHandle.current().pid()), Files.readString(a.file()).strip());
            try (RunLock b = RunLock.folder(dir, "run x")) {
                assertEquals(a.file(), b.file());
            }
            // still held after the inner close: a channel of our own cannot take it
            try (var ch = java.nio.channels.FileChannel.open(a.file(), java.nio.file.StandardOpenOption.WRITE)) {
                assertThrows(java.nio.channels.OverlappingFileLockException.class, ch::tryLock);
            }
        }
        try (var ch = java.nio.channels.FileChannel.open(dir.resolve(RunLock.FILE), java.nio.file.StandardOpenOption.WRITE);
             var l = ch.tryLock()) {
            assertNotNull(l, "released after the last close");
        }
    }
}
