package io.ppctl.config;

import java.time.Duration;

/** {@code push:} how hard to retry transient registry failures (connection reset, 5xx, 429). */
public record PushConfig(int attempts, Duration initialBackoff, Duration maxBackoff) {

    public static final PushConfig DEFAULT = new PushConfig(4, Duration.ofSeconds(1), Duration.ofSeconds(30));

    static PushConfig read(ConfigReader r) {
        PushConfig c = new PushConfig(
                r.integer("attempts", DEFAULT.attempts(), 1, 20),
                r.duration("initialBackoff", DEFAULT.initialBackoff()),
                r.duration("maxBackoff", DEFAULT.maxBackoff()));
        r.finish();
        return c;
    }
}
