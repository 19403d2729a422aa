package org.ferlab.kernel;

import org.rapaio.shaded.com.google.gson.JsonObject;
import org.rapaio.shaded.com.google.gson.JsonParser;
import java.lang.reflect.Field;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.logging.Logger;
import org.rapaio.jupyter.kernel.channels.AbstractChannel;
import org.rapaio.jupyter.kernel.channels.Channels;
import org.rapaio.jupyter.kernel.channels.MessageHandler;
import org.rapaio.jupyter.kernel.display.DisplayData;
import org.rapaio.jupyter.kernel.message.Header;
import org.rapaio.jupyter.kernel.message.Message;
import org.rapaio.jupyter.kernel.message.MessageId;
import org.rapaio.jupyter.kernel.message.MessageType;
import org.rapaio.jupyter.kernel.message.messages.CustomCommClose;
import org.rapaio.jupyter.kernel.message.messages.CustomCommMsg;
import org.rapaio.jupyter.kernel.message.messages.CustomCommOpen;
import org.rapaio.jupyter.kernel.message.messages.IOPubDisplayData;
import org.rapaio.jupyter.kernel.message.messages.ShellCommInfoReply;
import org.rapaio.jupyter.kernel.message.messages.ShellCommInfoRequest;

/**
 * Jupyter comms for code running in the kernel: what the widget protocol (ipywidgets 8 / jupyterlab_widgets 3,
 * protocol 2.1) travels on. Upstream rapaio 3.0 answers every comm_open by closing it and drops comm_msg; this class
 * replaces those four shell handlers once the channels are connected.
 *
 * <p>The API takes and gives JSON as strings and only JDK types, so the library (which must also run outside this
 * kernel, in IJava or a plain JVM) finds it by reflection without compiling against rapaio (see {@code fer.viz.widgets.Comm}).
 *
 * <p>Threading: shell messages are handled one at a time on the shell loop; a comm message from the front end (a slider
 * moved, a button clicked) runs its Java listener there, after any cell that is executing, exactly as ipykernel queues
 * them. Everything the listener displays is published with that comm message as parent, inside busy/idle.
 */
public final class Comms {
    private static final Logger LOGGER = Logger.getLogger(Comms.class.getSimpleName());
    /** Comm ids opened by Java code -> the listener of their messages from the front end (a registry, not state). */
    private static final Map<String, Consumer<String>> LISTENERS = new ConcurrentHashMap<>();
    /** Targets the kernel answers comm_open for (the front end opening a comm): target -> handler(comm id, data JSON). */
    private static final Map<String, BiConsumer<String, String>> TARGETS = new ConcurrentHashMap<>();
    private static volatile Channels channels;

    private Comms() {}

    /** True once the kernel's channels are connected and comms can be opened. */
    public static boolean available() {
        return channels != null;
    }

    /**
     * Opens a comm to the front end (iopub comm_open) with {@code metadata} in the message's metadata (the widget
     * protocol puts its version there); messages the front end sends on it reach {@code onMessage} as their
     * {@code data} JSON. Returns the new comm id.
     */
    public static String open(String target, String dataJson, Map<String, Object> metadata, Consumer<String> onMessage) {
        String id = UUID.randomUUID().toString().replace("-", "");
        if (onMessage != null) LISTENERS.put(id, onMessage);
        publish(MessageType.CUSTOM_COMM_OPEN, new CustomCommOpen(id, target, json(dataJson)), metadata);
        return id;
    }

    /** Sends {@code data} on comm {@code commId} (iopub comm_msg). */
    public static void send(String commId, String dataJson, Map<String, Object> metadata) {
        publish(MessageType.CUSTOM_COMM_MSG, new CustomCommMsg(commId, json(dataJson)), metadata);
    }

    /** Closes comm {@code commId} from the kernel's side. */
    public static void close(String commId) {
        LISTENERS.remove(commId);
        publish(MessageType.CUSTOM_COMM_CLOSE, new CustomCommClose(commId, new JsonObject()), null);
    }

    /** Answers comm_open requests for {@code target} from the front end (e.g. ipywidgets' {@code jupyter.widget.control}). */
    public static void onOpen(String target, BiConsumer<String, String> handler) {
        TARGETS.put(target, handler);
    }

    /** Registers the listener of a comm the front end opened (see {@link #onOpen}). */
    public static void listen(String commId, Consumer<String> onMessage) {
        LISTENERS.put(commId, onMessage);
    }

    /**
     * Publishes display_data with the given MIME bundle; a value that is a JSON object text (for
     * {@code application/vnd.jupyter.widget-view+json}) is sent as an object, anything else as a string.
     */
    public static void display(Map<String, String> bundle) {
        DisplayData dd = DisplayData.fromText(bundle.getOrDefault("text/plain", ""));
        for (Map.Entry<String, String> e : bundle.entrySet()) {
            // a JsonObject value is written as an object by rapaio's Gson
            Object value = e.getKey().endsWith("+json") ? json(e.getValue()) : e.getValue();
            dd.putData(e.getKey(), value);
        }
        requireChannels().publish(new IOPubDisplayData(dd));
    }

    /** Replaces the shell handlers for comms; called once, after {@code Channels.connect}, before the loops run. */
    static void install(Channels ch) {
        try {
            Field f = Channels.class.getDeclaredField("handlers");
            f.setAccessible(true);
            @SuppressWarnings("unchecked")
            Map<MessageType<?>, MessageHandler<?>> handlers = (Map<MessageType<?>, MessageHandler<?>>) f.get(ch);
            handlers.put(MessageType.CUSTOM_COMM_OPEN, (MessageHandler<CustomCommOpen>) Comms::onCommOpen);
            handlers.put(MessageType.CUSTOM_COMM_MSG, (MessageHandler<CustomCommMsg>) Comms::onCommMsg);
            handlers.put(MessageType.CUSTOM_COMM_CLOSE, (MessageHandler<CustomCommClose>) Comms::onCommClose);
            handlers.put(MessageType.SHELL_COMM_INFO_REQUEST, (MessageHandler<ShellCommInfoRequest>) Comms::onCommInfo);
            channels = ch;
        } catch (ReflectiveOperationException | ClassCastException e) {
            // an upstream change: the kernel still runs, only widgets do not
            LOGGER.warning("comms not installed (widgets will show as text): " + e);
        }
    }

    private static void onCommOpen(Message<CustomCommOpen> m) {
        Channels ch = requireChannels();
        ch.busyThenIdle();
        CustomCommOpen open = m.content();
        BiConsumer<String, String> handler = TARGETS.get(open.targetName());
        if (handler == null) { // as ipykernel does for an unknown target: close it at once
            ch.publish(new CustomCommClose(open.commId(), new JsonObject()));
            return;
        }
        handler.accept(open.commId(), String.valueOf(open.data()));
    }

    private static void onCommMsg(Message<CustomCommMsg> m) {
        requireChannels().busyThenIdle();
        Consumer<String> l = LISTENERS.get(m.content().commId());
        if (l == null) return; // a comm closed meanwhile: nothing listens
        try {
            l.accept(String.valueOf(m.content().data()));
        } catch (RuntimeException e) {
            // a listener's failure is the user's code failing: show it where the user looks (the log shows it too)
            LOGGER.warning("comm " + m.content().commId() + ": " + e);
            requireChannels().writeToStdErr("widget callback failed: " + e + "\n");
        }
    }

    private static void onCommClose(Message<CustomCommClose> m) {
        requireChannels().busyThenIdle();
        LISTENERS.remove(m.content().commId());
    }

    private static void onCommInfo(Message<ShellCommInfoRequest> m) {
        Channels ch = requireChannels();
        ch.busyThenIdle();
        Map<String, ShellCommInfoReply.CommInfo> comms = new LinkedHashMap<>();
        // ipywidgets' fallback when jupyter.widget.control is missing: list the widget comms, then request_state each
        String target = m.content().targetName();
        if (target == null || target.equals("jupyter.widget")) {
            for (String id : LISTENERS.keySet()) comms.put(id, new ShellCommInfoReply.CommInfo("jupyter.widget"));
        }
        ch.reply(new ShellCommInfoReply(comms));
    }

    private static <T> void publish(MessageType<T> type, T content, Map<String, Object> metadata) {
        Channels ch = requireChannels();
        try {
            MessageId<?> parent = currentMessage(ch);
            Message<T> msg = new Message<>(parent != null ? parent.identities() : java.util.List.of(), new Header<>(parent, type),
                    parent != null ? parent.header() : null, metadata == null ? Map.of() : metadata, content, null);
            iopub(ch).sendMessage(msg);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot publish " + type.name() + " on this rapaio version: " + e, e);
        }
    }

    private static Channels requireChannels() {
        Channels ch = channels;
        if (ch == null) throw new IllegalStateException("comms are not connected (not running in the project's kernel)");
        return ch;
    }

    private static MessageId<?> currentMessage(Channels ch) throws ReflectiveOperationException {
        Field f = Channels.class.getDeclaredField("msgId");
        f.setAccessible(true);
        return (MessageId<?>) f.get(ch);
    }

    private static AbstractChannel iopub(Channels ch) throws ReflectiveOperationException {
        Field f = Channels.class.getDeclaredField("iopub");
        f.setAccessible(true);
        return (AbstractChannel) f.get(ch);
    }

    private static JsonObject json(String text) {
        return text == null || text.isBlank() ? new JsonObject() : JsonParser.parseString(text).getAsJsonObject();
    }
}
