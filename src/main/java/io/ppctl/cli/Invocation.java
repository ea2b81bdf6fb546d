package io.ppctl.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;

/**
 * Where a run of ppctl reads and writes: the real process in main(), captured streams in tests.
 * {@code in} is read only by options that ask for it (--password-stdin).
 */
public record Invocation(PrintStream out, PrintStream err, Map<String, String> env, boolean terminal, InputStream in) {
    /** Without standard input (tests, and anything that must never block on it). */
    public Invocation(PrintStream out, PrintStream err, Map<String, String> env, boolean terminal) {
        this(out, err, env, terminal, InputStream.nullInputStream());
    }
}
