package io.ppctl.scan;

import java.util.Locale;
import java.util.Optional;

/** Trivy's severities, lowest first, so that {@code compareTo} orders them. */
public enum Severity {
    UNKNOWN, LOW, MEDIUM, HIGH, CRITICAL;

    /** Trivy writes upper-case names; anything else it might write one day counts as UNKNOWN (it never gates). */
    public static Severity fromTrivy(String value) {
        return parse(value).orElse(UNKNOWN);
    }

    /** A gate threshold as written in config or on the command line (LOW, MEDIUM, HIGH, CRITICAL; any case). */
    public static Optional<Severity> threshold(String value) {
        return parse(value).filter(s -> s != UNKNOWN);
    }

    private static Optional<Severity> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(value.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public boolean atLeast(Severity other) {
        return compareTo(other) >= 0;
    }
}
