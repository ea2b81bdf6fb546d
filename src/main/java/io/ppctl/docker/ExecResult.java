package io.ppctl.docker;

import java.time.Duration;

/**
 * What a process in a container did. {@code exitCode} is -1 when it timed out. Output beyond
 * {@link OutputCollector#LIMIT} per stream is cut, and {@code truncated} says so.
 */
public record ExecResult(int exitCode, String stdout, String stderr, boolean timedOut, boolean truncated, Duration duration) {}
