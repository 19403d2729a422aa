package org.rapaio.jupyter.kernel.channels;

import java.util.logging.Level;
import java.util.logging.Logger;
import org.ferlab.kernel.CellInterrupter;
import org.rapaio.jupyter.kernel.core.ConnectionProperties;
import org.rapaio.jupyter.kernel.message.HMACDigest;
import org.rapaio.jupyter.kernel.message.Message;
import org.rapaio.jupyter.kernel.message.MessageType;
import org.rapaio.jupyter.kernel.message.messages.ControlInterruptReply;
import org.rapaio.org.zeromq.SocketType;
import org.rapaio.org.zeromq.ZMQ;

/**
 * Replacement for rapaio-jupyter-kernel 3.0.x's {@code ControlChannel} (same name and public
 * signatures; the overlay jar comes first on the kernel's class path), written so that
 * Kernel &gt; Interrupt works.
 *
 * <p>Why: upstream hands interrupt_request to the kernel's generic handler path, which shares
 * one "current request" id and one after-action stack ({@code Channels}) with the shell thread
 * that is running the cell. The control thread overwrites the running cell's id, runs and clears
 * the cell's pending after-actions (its idle status, stream restore, then clears the id), and
 * sends interrupt_reply on the <em>shell</em> socket, where the control client never sees it.
 * Then {@code JavaEngine.interrupt} shuts rapaio's execution pool down for good. Seen with
 * jupyter_client: no interrupt_reply, no execute_reply nor error for the interrupted cell (sent
 * with a cleared parent), and later cells answer without running any code.
 *
 * <p>Here interrupt_request is answered on this (control) socket by this thread, without touching
 * the shared state, and the cell's code is stopped by {@link CellInterrupter}; the shell thread
 * then ends the cell normally, with the exception as its error. Other control requests
 * (shutdown) take upstream's handler path as before.
 */
public final class ControlChannel extends AbstractChannel {

    private static final Logger LOGGER = Logger.getLogger(ControlChannel.class.getSimpleName());
    private static final long LOOP_SLEEP_MILLIS = 50;

    private volatile LoopThread loopThread;

    public ControlChannel(Channels channels, ZMQ.Context ctx, HMACDigest hmac) {
        super(channels, "ControlChannel", ctx, SocketType.ROUTER, hmac);
    }

    @Override
    public void bind(ConnectionProperties props) {
        if (loopThread != null) {
            throw new IllegalStateException("control channel already bound");
        }
        socket.bind(props.formatAddress(props.controlPort()));
        ZMQ.Poller poller = ctx.poller(1);
        poller.register(socket, ZMQ.Poller.POLLIN);
        loopThread = new LoopThread("Control", LOOP_SLEEP_MILLIS, () -> serveOne(poller));
        loopThread.start();
    }

    private void serveOne(ZMQ.Poller poller) {
        if (poller.poll(0) <= 0) {
            return;
        }
        Message<?> request = readMessage();
        MessageType<?> type = request.header().type();
        if (type == MessageType.CONTROL_INTERRUPT_REQUEST) {
            interrupt(request);
        } else {
            dispatchUpstream(request, type);
        }
    }

    private void interrupt(Message<?> request) {
        // reply first: the client waits for it, and stopping the cell must not delay it
        sendMessage(new Message<>(request.getId(), MessageType.CONTROL_INTERRUPT_REPLY, new ControlInterruptReply()));
        int cells = CellInterrupter.interruptRunningCells().size();
        LOGGER.fine("interrupt_request: " + cells + " running cell(s) interrupted");
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void dispatchUpstream(Message request, MessageType<?> type) {
        MessageHandler handler = channels.getHandler(type);
        if (handler == null) {
            LOGGER.warning("control: no handler for " + type.name());
            return;
        }
        channels.setMsgId(request.getId());
        try {
            handler.handle(request);
        } catch (RuntimeException e) {
            LOGGER.log(Level.SEVERE, "control: " + type.name() + " failed", e);
        } finally {
            channels.runAfterActions();
        }
        if (channels.isMarkedForShutdown()) {
            channels.close();
        }
    }

    @Override
    public void close() {
        LoopThread loop = loopThread;
        if (loop != null) {
            loop.shutdown();
        }
        super.close();
    }

    @Override
    public void joinUntilClose() {
        LoopThread loop = loopThread;
        if (loop == null) {
            return;
        }
        try {
            loop.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
