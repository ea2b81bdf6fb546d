package io.ppctl.scan;

import io.ppctl.platform.Platform;

import java.nio.file.Path;

/**
 * What the command line (or `release`) adds to the {@code scan:} config. Null means "as configured". Paths are
 * absolute (the command resolves them against the working folder).
 */
public record ScanOptions(String image, String failOn, Boolean ignoreUnfixed, Path ignoreFile, Boolean skipDbUpdate,
                          Path report, Path sarif, Path junit) {

    public static ScanOptions defaults() {
        return new ScanOptions(null, null, null, null, null, null, null, null);
    }

    /**
     * The reports of one platform's scan in a multi-platform build: each file gets the platform before its extension
     * (trivy.sarif -> trivy.linux-arm64.sarif), so that the platforms' reports do not overwrite each other.
     */
    public ScanOptions forPlatform(Platform platform) {
        return new ScanOptions(image, failOn, ignoreUnfixed, ignoreFile, skipDbUpdate, suffixed(report, platform),
                suffixed(sarif, platform), suffixed(junit, platform));
    }

    /** {@code file} with the platform's tag suffix before its extension; null stays null. */
    public static Path suffixed(Path file, Platform platform) {
        if (file == null) {
            return null;
        }
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String renamed = dot > 0 ? name.substring(0, dot) + "." + platform.tagSuffix() + name.substring(dot)
                : name + "." + platform.tagSuffix();
        return file.resolveSibling(renamed);
    }
}
