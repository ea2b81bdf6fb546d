package io.ppctl.scan;

import io.ppctl.platform.Platform;

import java.nio.file.Path;

/**
 * What the command line (or `release`) adds to the {@code scan:} config. Null means "as configured". Paths are
 * absolute (the command resolves them against the working folder). Made with {@link #builder()}: every option may be
 * null, and named setters say which one is given.
 */
public record ScanOptions(String image, String failOn, Boolean ignoreUnfixed, Path ignoreFile, Boolean skipDbUpdate,
                          Path report, Path sarif, Path junit) {

    public static ScanOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return builder().image(image).failOn(failOn).ignoreUnfixed(ignoreUnfixed).ignoreFile(ignoreFile)
                .skipDbUpdate(skipDbUpdate).report(report).sarif(sarif).junit(junit);
    }

    /**
     * The reports of one platform's scan in a multi-platform build: each file gets the platform before its extension
     * (trivy.sarif -> trivy.linux-arm64.sarif), so that the platforms' reports do not overwrite each other.
     */
    public ScanOptions forPlatform(Platform platform) {
        return toBuilder().report(suffixed(report, platform)).sarif(suffixed(sarif, platform))
                .junit(suffixed(junit, platform)).build();
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

    /** One setter per field, named after it; what is not set stays null. */
    public static final class Builder {
        private String image;
        private String failOn;
        private Boolean ignoreUnfixed;
        private Path ignoreFile;
        private Boolean skipDbUpdate;
        private Path report;
        private Path sarif;
        private Path junit;

        private Builder() {}

        public Builder image(String image) { this.image = image; return this; }
        public Builder failOn(String failOn) { this.failOn = failOn; return this; }
        public Builder ignoreUnfixed(Boolean ignoreUnfixed) { this.ignoreUnfixed = ignoreUnfixed; return this; }
        public Builder ignoreFile(Path ignoreFile) { this.ignoreFile = ignoreFile; return this; }
        public Builder skipDbUpdate(Boolean skipDbUpdate) { this.skipDbUpdate = skipDbUpdate; return this; }
        public Builder report(Path report) { this.report = report; return this; }
        public Builder sarif(Path sarif) { this.sarif = sarif; return this; }
        public Builder junit(Path junit) { this.junit = junit; return this; }

        public ScanOptions build() {
            return new ScanOptions(image, failOn, ignoreUnfixed, ignoreFile, skipDbUpdate, report, sarif, junit);
        }
    }
}
