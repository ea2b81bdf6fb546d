package io.ppctl.event;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Fans events out to listeners. Thread-safe: parallel checks publish from several threads. */
public final class EventBus {
    private final List<EventListener> listeners = new CopyOnWriteArrayList<>();

    public EventBus subscribe(EventListener listener) {
        listeners.add(listener);
        return this;
    }

    public void publish(Event event) {
        for (EventListener listener : listeners) {
            listener.on(event);
        }
    }

    public void warn(String message) {
        publish(new Event.Warning(message));
    }

    public void debug(String message) {
        publish(new Event.Debug(message));
    }

    public void log(String step, String line) {
        publish(new Event.Log(step, line));
    }

    /** A bus nobody listens to, for code paths that must stay silent. */
    public static EventBus silent() {
        return new EventBus();
    }
}
