package org.ferlab.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Stops the Java code of a running notebook cell, for the kernel's interrupt_request.
 *
 * <p>A cell's code runs on a thread of rapaio's execution pool, inside a class that JShell
 * generates in package {@code REPL} (one wrapper class per snippet, e.g. {@code REPL.$JShell$12}).
 * A thread is running a cell exactly when its stack holds such a frame, so no private field of
 * rapaio is needed to find it.
 *
 * <p>Two steps, gentlest first:
 * <ol>
 *   <li>{@link Thread#interrupt()}: code that sleeps, waits, joins or checks the flag stops at
 *       once with an {@code InterruptedException}, which the cell shows as its error;</li>
 *   <li>if the same snippet still runs after {@link #GRACE_MILLIS} (a busy loop, a long native
 *       call), {@code Thread.stop()}: the JVM throws {@code ThreadDeath} into it at its next
 *       safepoint. This is what jshell does for its own Ctrl-C. Objects the cell was changing may
 *       be left half-updated; the kernel's own state is not touched (it runs on other threads).</li>
 * </ol>
 * Upstream's own interrupt ({@code JavaEngine.interrupt}) instead shuts the execution pool down
 * for good, so no later cell could run: it is never called.
 */
public final class CellInterrupter {

    /** How long interruptible code gets before the thread is stopped. */
    public static final long GRACE_MILLIS = 2000;

    private static final Logger LOGGER = Logger.getLogger(CellInterrupter.class.getSimpleName());
    private static final String SNIPPET_PACKAGE = "REPL.";

    private CellInterrupter() {}

    /** A thread running a snippet, and which snippet (its wrapper class), seen at one instant. */
    record RunningCell(Thread thread, String snippetClass) {}

    /**
     * Interrupts every thread that runs cell code now and, on a daemon thread, stops those still in
     * the same snippet after the grace period. Returns at once (the control channel must reply).
     *
     * @return the cells found running (empty when the interrupt came while the kernel was idle)
     */
    public static List<RunningCell> interruptRunningCells() {
        return interruptRunningCells(GRACE_MILLIS);
    }

    static List<RunningCell> interruptRunningCells(long graceMillis) {
        List<RunningCell> cells = runningCells();
        cells.forEach(cell -> cell.thread().interrupt());
        if (!cells.isEmpty()) {
            Thread enforcer = new Thread(() -> stopIfStillRunning(cells, graceMillis), "cell-interrupt-enforcer");
            enforcer.setDaemon(true);
            enforcer.start();
        }
        return cells;
    }

    static List<RunningCell> runningCells() {
        List<RunningCell> cells = new ArrayList<>();
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            snippetOf(e.getValue()).ifPresent(snippet -> cells.add(new RunningCell(e.getKey(), snippet)));
        }
        return cells;
    }

    /** The outermost snippet class on the stack: the cell itself, not a method it called. */
    static Optional<String> snippetOf(StackTraceElement[] stack) {
        for (int i = stack.length - 1; i >= 0; i--) {
            if (stack[i].getClassName().startsWith(SNIPPET_PACKAGE)) {
                return Optional.of(stack[i].getClassName());
            }
        }
        return Optional.empty();
    }

    @SuppressWarnings({"deprecation", "removal"})
    private static void stopIfStillRunning(List<RunningCell> cells, long graceMillis) {
        long deadline = System.nanoTime() + graceMillis * 1_000_000L;
        for (RunningCell cell : cells) {
            long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000L);
            try {
                cell.thread().join(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            // the pool keeps its threads: stop only if this very snippet is still on the stack
            if (snippetOf(cell.thread().getStackTrace()).filter(cell.snippetClass()::equals).isPresent()) {
                // shows in the cell's stderr: tell the user why the cell ends with ThreadDeath
                LOGGER.warning("interrupt: the cell did not stop within " + graceMillis + " ms (its code does not"
                        + " check Thread.interrupted()); stopping its thread with Thread.stop()");
                try {
                    cell.thread().stop();
                } catch (UnsupportedOperationException e) {
                    // JDK 20+: Thread.stop is gone; the kernel still answers, the loop keeps a core busy
                    LOGGER.warning("cannot stop thread " + cell.thread().getName() + " on this JDK: " + e);
                }
            }
        }
    }
}
