package REPL;

import java.util.concurrent.CountDownLatch;

/**
 * Stands in for a JShell snippet wrapper: JShell puts each cell's code in a class of package
 * {@code REPL}, which is how {@link org.ferlab.kernel.CellInterrupter} recognises a running cell.
 */
public final class FakeSnippet {

    private FakeSnippet() {}

    /** A cell that sleeps in a loop (reacts to Thread.interrupt). */
    public static void sleepForever(CountDownLatch started) throws InterruptedException {
        started.countDown();
        while (true) {
            Thread.sleep(100);
        }
    }

    /** A cell that spins and never looks at its interrupt flag. */
    public static long spinForever(CountDownLatch started) {
        started.countDown();
        long x = 0;
        while (x >= 0) {
            x = (x + 1) & Long.MAX_VALUE;
        }
        return x;
    }
}
