package io.ppctl.scan;

import io.ppctl.core.JsonMappers;
import io.ppctl.pipeline.Key;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the scan gate's record keeps for the gate attestation: verdict, threshold, findings by severity, the
 * scanner, and the date of the vulnerability DB it used (UpdatedAt of the cache's db/metadata.json: Trivy's report
 * does not say).
 */
final class ScanEvidence {
    static final Key<String> DB_UPDATED_AT = Key.of("scan db date", String.class);

    private ScanEvidence() {}

    static Map<String, Object> of(ScanSummary s, String dbUpdatedAt) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("verdict", s.verdict());
        d.put("passed", s.passed());
        d.put("threshold", s.threshold());
        d.put("ignoreUnfixed", s.ignoreUnfixed());
        Map<String, Object> bySeverity = new LinkedHashMap<>();
        s.counts().forEach((severity, c) -> bySeverity.put(severity.name(), Map.of("total", c.total(), "ignored",
                c.ignored(), "unfixed", c.unfixed(), "failing", c.failing())));
        d.put("findingsBySeverity", bySeverity);
        d.put("scanner", s.scannerKind() + " " + s.scanner());
        d.put("dbUpdatedAt", dbUpdatedAt);
        return d;
    }

    /** The DB date of a Trivy cache folder, or null when it has none (a scanner image with its own DB). */
    static String dbUpdatedAt(Path cacheDir) {
        try {
            String v = JsonMappers.plain().readTree(Files.readString(cacheDir.resolve("db").resolve("metadata.json")))
                    .path("UpdatedAt").asText("");
            return v.isEmpty() ? null : v;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
