package org.rapaio.jupyter.kernel.channels;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Replacement for rapaio-jupyter-kernel 3.0.x's {@code LoopThread}: runs a body, sleeps, repeats,
 * until {@link #shutdown()} or an interrupt.
 *
 * <p>Why it exists: upstream sets its {@code running} flag only after {@code Thread.start()}
 * returns. When the new thread is scheduled first, {@code run()} sees {@code running == false},
 * returns at once, and the channel (shell, control or heartbeat) never answers: about one kernel
 * start in five hangs. Here the thread is marked running before it can be scheduled.
 *
 * <p>Second race, visible once the first is fixed: {@code Channels.connect} starts the channel
 * threads before it fills its message-handler map, so a request arriving in that window makes the
 * shell body throw a NullPointerException (upstream: the shell thread dies, the kernel never
 * answers) or drop the request as "Unhandled". Fix: a gate. {@link org.ferlab.kernel.KernelMain}
 * calls {@link #holdLoops()} before {@code connect} and {@link #releaseLoops()} after it; loops
 * wait at the gate before their first turn (sockets are bound, so requests just queue). The gate
 * is open by default, so code that never holds it behaves as before.
 *
 * <p>Defence in depth: an exception from the body is logged and the loop goes on, instead of one
 * bad turn silencing a channel for the rest of the session.
 *
 * <p>This class
 * keeps upstream's name and public signatures because it shadows the upstream class by coming
 * first on the kernel's class path (see environment/kernel/pom.xml).
 */
public final class LoopThread extends Thread {

    private static final Logger LOGGER = Logger.getLogger(LoopThread.class.getSimpleName());
    private static final int MAX_LOGGED_FAILURES = 20;
    private static final Object GATE = new Object();
    private static boolean gateOpen = true; // guarded by GATE

    private volatile boolean running;
    private int failures;
    private final long sleepMillis;
    private final Runnable loopBody;

    public LoopThread(String name, long sleep, Runnable loopBody) {
        super(name);
        this.sleepMillis = sleep;
        this.loopBody = loopBody;
    }

    /** Makes loops started from now on wait before their first turn, until {@link #releaseLoops()}. */
    public static void holdLoops() {
        synchronized (GATE) {
            gateOpen = false;
        }
    }

    /** Lets every waiting loop start turning. */
    public static void releaseLoops() {
        synchronized (GATE) {
            gateOpen = true;
            GATE.notifyAll();
        }
    }

    @Override
    public void run() {
        try {
            synchronized (GATE) {
                while (!gateOpen) {
                    GATE.wait();
                }
            }
        } catch (InterruptedException e) {
            running = false;
            Thread.currentThread().interrupt();
            return;
        }
        while (running) {
            try {
                loopBody.run();
            } catch (RuntimeException e) {
                // one bad turn must not silence the channel; log, but do not flood the log
                if (++failures <= MAX_LOGGED_FAILURES) {
                    LOGGER.log(Level.WARNING, getName() + ": loop body failed, continuing: " + e);
                }
            }
            try {
                Thread.sleep(sleepMillis);
            } catch (InterruptedException e) {
                running = false;
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Marks the loop running, then starts it: the order is the fix. */
    @Override
    public synchronized void start() {
        running = true;
        try {
            super.start();
        } catch (RuntimeException e) {
            // e.g. started twice: leave the flag as a thread that never ran would have it
            if (!isAlive()) {
                running = false;
            }
            throw e;
        }
    }

    /** Asks the loop to stop after the current iteration. */
    public void shutdown() {
        running = false;
    }

    /** True until {@link #shutdown()} or an interrupt; lets a test see the state. */
    public boolean isRunning() {
        return running;
    }
}
