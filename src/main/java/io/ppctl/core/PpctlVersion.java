package io.ppctl.core;

/** ppctl's own version (not the project's VERSION), from the jar manifest. */
public final class PpctlVersion {
    private PpctlVersion() {}

    /** "0.1.0", or "development" when not run from the packaged jar. */
    public static String get() {
        String v = PpctlVersion.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }

    /** "ppctl 0.1.0" or "ppctl development build" when not run from the packaged jar. */
    public static String describe() {
        String v = PpctlVersion.class.getPackage().getImplementationVersion();
        return "ppctl " + (v == null ? "development build" : v);
    }
}
