package io.ppctl.config;

/** {@code version:} where the release version is kept. */
public record VersionConfig(String file) {

    public static final VersionConfig DEFAULT = new VersionConfig("VERSION");

    static VersionConfig read(ConfigReader r) {
        VersionConfig c = new VersionConfig(r.string("file", DEFAULT.file()));
        r.finish();
        return c;
    }
}
