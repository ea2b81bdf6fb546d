package io.ppctl.config;

import java.time.Duration;

/** {@code push:} how hard to retry transient registry failures (connection reset, 5xx, 429). */
public record PushConfig(int attempts, Duration initialBackoff, Duration maxBackoff) {

    public static final PushConfig DEFAULT = new PushConfig(4, Duration.ofSeconds(1), Duration.ofSeconds(30));

    /** A retry later than this is no retry: the run would look hung. */
    static final Duration MAX_BACKOFF = Duration.ofMinutes(10);

    static PushConfig read(ConfigReader r) {
        PushConfig c = new PushConfig(
                r.integer("attempts", DEFAULT.attempts(), 1, 20),
                r.duration("initialBackoff", DEFAULT.initialBackoff(), MAX_BACKOFF),
                r.duration("maxBackoff", DEFAULT.maxBackoff(), MAX_BACKOFF));
        r.finish();
        return c;
    }
}
