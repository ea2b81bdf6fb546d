package io.ppctl.event;

@FunctionalInterface
public interface EventListener {
    void on(Event event);
}
