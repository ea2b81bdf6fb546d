package io.ppctl.release;

/** One preflight check as the report records it. */
public record ReleaseCheck(String name, boolean passed, String detail, double seconds) {}
