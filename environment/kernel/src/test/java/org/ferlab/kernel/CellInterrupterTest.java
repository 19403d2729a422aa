package org.ferlab.kernel;

import static org.junit.jupiter.api.Assertions.*;

import REPL.FakeSnippet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Interrupting finds the threads in snippet code, wakes sleepers at once and stops spinners. */
class CellInterrupterTest {

    private static final long JOIN_MS = 30_000; // generous: CI runs beside a CPU-heavy job

    interface Body {
        void run(CountDownLatch started) throws Exception;
    }

    private static Thread startCell(Body body, AtomicReference<Throwable> ended) throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            try {
                body.run(started);
            } catch (Throwable e) {
                ended.set(e);
            }
        }, "fake-cell");
        t.setDaemon(true);
        t.start();
        assertTrue(started.await(JOIN_MS, TimeUnit.MILLISECONDS), "the fake cell did not start");
        return t;
    }

    @Test
    void aSleepingCellEndsWithInterruptedException() throws Exception {
        AtomicReference<Throwable> ended = new AtomicReference<>();
        Thread t = startCell(FakeSnippet::sleepForever, ended);
        List<CellInterrupter.RunningCell> cells = CellInterrupter.interruptRunningCells(JOIN_MS);
        assertTrue(cells.stream().anyMatch(c -> c.thread() == t
                        && c.snippetClass().equals(FakeSnippet.class.getName())), "the sleeping cell was not found: " + cells);
        t.join(JOIN_MS);
        assertFalse(t.isAlive(), "the sleeping cell still runs");
        assertInstanceOf(InterruptedException.class, ended.get());
    }

    @Test
    void aSpinningCellIsStoppedAfterTheGracePeriod() throws Exception {
        AtomicReference<Throwable> ended = new AtomicReference<>();
        Thread t = startCell(FakeSnippet::spinForever, ended);
        CellInterrupter.interruptRunningCells(100);
        t.join(JOIN_MS);
        assertFalse(t.isAlive(), "the spinning cell still runs");
        assertInstanceOf(ThreadDeath.class, ended.get());
    }

    @Test
    void threadsOutsideSnippetsAreLeftAlone() {
        List<CellInterrupter.RunningCell> cells = CellInterrupter.interruptRunningCells(100);
        assertTrue(cells.stream().noneMatch(c -> c.thread() == Thread.currentThread()), "found: " + cells);
        assertFalse(Thread.interrupted(), "the test thread (no snippet on its stack) was interrupted");
    }

    @Test
    void theOutermostSnippetFrameNamesTheCell() {
        StackTraceElement[] stack = {
            new StackTraceElement("REPL.$JShell$14", "helper", null, 3),
            new StackTraceElement("java.util.ArrayList", "forEach", null, 1),
            new StackTraceElement("REPL.$JShell$12", "do_it$", null, 7),
            new StackTraceElement("java.lang.Thread", "run", null, 1),
        };
        assertEquals("REPL.$JShell$12", CellInterrupter.snippetOf(stack).orElseThrow());
        assertTrue(CellInterrupter.snippetOf(new StackTraceElement[0]).isEmpty());
    }
}
