package io.ppctl.pipeline;

/** A typed slot in {@link StepContext}: what one step hands to the next (the built image, the tags, ...). */
public record Key<T>(String name, Class<T> type) {
    public static <T> Key<T> of(String name, Class<T> type) {
        return new Key<>(name, type);
    }
}
