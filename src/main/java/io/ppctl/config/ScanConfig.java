package io.ppctl.config;

import java.time.Duration;
import java.util.List;

/** {@code scan:} the Trivy run and the gate ppctl applies to its report. */
public record ScanConfig(String image, String trivy, String failOn, boolean ignoreUnfixed, String ignoreFile,
                         String cacheDir, boolean skipDbUpdate, String dbRepository, Duration timeout) {

    public static final List<String> SEVERITIES = List.of("LOW", "MEDIUM", "HIGH", "CRITICAL");
    public static final String DEFAULT_SCANNER_IMAGE = "aquasec/trivy:0.67.2";
    public static final ScanConfig DEFAULT = new ScanConfig(DEFAULT_SCANNER_IMAGE, "", "CRITICAL", false, ".trivyignore",
            "~/.cache/ppctl/trivy", false, "", Duration.ofMinutes(15));

    static ScanConfig read(ConfigReader r) {
        ScanConfig c = new ScanConfig(
                r.string("image", DEFAULT.image()),
                r.string("trivy", DEFAULT.trivy()),
                r.choice("failOn", DEFAULT.failOn(), SEVERITIES),
                r.bool("ignoreUnfixed", DEFAULT.ignoreUnfixed()),
                r.string("ignoreFile", DEFAULT.ignoreFile()),
                r.string("cacheDir", DEFAULT.cacheDir()),
                r.bool("skipDbUpdate", DEFAULT.skipDbUpdate()),
                r.string("dbRepository", DEFAULT.dbRepository()),
                r.duration("timeout", DEFAULT.timeout()));
        r.finish();
        return c;
    }
}
