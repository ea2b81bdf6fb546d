package io.ppctl.scan;

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
}
