package io.ppctl.cli;

import java.io.PrintStream;
import java.util.Map;

/** Where a run of ppctl reads and writes: the real process in main(), captured streams in tests. */
public record Invocation(PrintStream out, PrintStream err, Map<String, String> env, boolean terminal) {}
