package io.ppctl.testing;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Trivy vulnerability database made by the tests, so that the real Trivy scans offline ({@code --skip-db-update})
 * against planted advisories. {@link #writeTo} runs the Go helper {@code src/test/go/trivydb} (bbolt), built once per
 * test JVM into {@code target/test-tools/}, which writes {@code CACHE/db/trivy.db} and {@code CACHE/db/metadata.json}.
 * Buckets as Trivy's own integration fixtures use them (aquasecurity/trivy integration/testdata/fixtures/db):
 * {@code "alpine 3.22" > source package > ID -> {"FixedVersion"}}, {@code "go::GitHub Security Advisory Go" > module >
 * ID -> {"VulnerableVersions", "PatchedVersions"}}, {@code "vulnerability" > ID -> {"Severity", "Title", ...}} and
 * {@code "data-source" > bucket -> {"ID", "Name", "URL"}}.
 */
public final class TrivyDb {
    /** Trivy's bucket of GitHub's Go advisories (trivy-db pkg/vulnsrc/ghsa: ecosystem "go" + "::" + source name). */
    public static final String GO_BUCKET = "go::GitHub Security Advisory Go";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static volatile Path helper;
    /** bucket -> nested bucket (or "" for a key of the bucket itself) -> key -> value. */
    private final Map<String, Map<String, Map<String, Object>>> buckets = new LinkedHashMap<>();
    private Instant updated;

    public static TrivyDb create() {
        return new TrivyDb();
    }

    /** An Alpine secdb advisory: {@code sourcePackage} (the o: origin) before {@code fixedVersion} is vulnerable. */
    public TrivyDb alpine(String release, String sourcePackage, String id, String fixedVersion) {
        String bucket = "alpine " + release;
        put(bucket, sourcePackage, id, Map.of("FixedVersion", fixedVersion));
        put("data-source", "", bucket, Map.of("ID", "alpine", "Name", "Alpine Secdb", "URL", "https://secdb.alpinelinux.org/"));
        return this;
    }

    /** A GitHub advisory for a Go module, e.g. vulnerable "< v1.7.29", patched "v1.7.29". */
    public TrivyDb goModule(String module, String id, String vulnerable, String patched) {
        put(GO_BUCKET, module, id, Map.of("VulnerableVersions", List.of(vulnerable), "PatchedVersions", List.of(patched)));
        put("data-source", "", GO_BUCKET, Map.of("ID", "ghsa", "Name", "GitHub Security Advisory Go",
                "URL", "https://github.com/advisories?query=type%3Areviewed+ecosystem%3Ago"));
        return this;
    }

    /** The details Trivy shows for {@code id}; without an entry its severity is UNKNOWN. */
    public TrivyDb vulnerability(String id, String severity, String title) {
        put("vulnerability", "", id, Map.of("Severity", severity, "Title", title,
                "Description", title + " (planted by ppctl's tests)",
                "References", List.of("https://example.invalid/" + id)));
        return this;
    }

    /**
     * When the database was built and downloaded (default: now). A database more than a day old is due for an update:
     * then Trivy without --skip-db-update tries to download a new one.
     */
    public TrivyDb updatedAt(Instant at) {
        this.updated = at;
        return this;
    }

    private void put(String bucket, String nested, String key, Object value) {
        buckets.computeIfAbsent(bucket, b -> new LinkedHashMap<>()).computeIfAbsent(nested, n -> new LinkedHashMap<>())
                .put(key, value);
    }

    /** The fixture file the Go helper reads: Trivy's fixture shape (bucket / pairs / key / value) in JSON. */
    String fixtures() throws IOException {
        List<Object> roots = new ArrayList<>();
        buckets.forEach((bucket, nested) -> {
            List<Object> pairs = new ArrayList<>();
            nested.forEach((name, keys) -> {
                List<Object> values = new ArrayList<>();
                keys.forEach((k, v) -> values.add(Map.of("key", k, "value", v)));
                if (name.isEmpty()) {
                    pairs.addAll(values);
                } else {
                    pairs.add(Map.of("bucket", name, "pairs", values));
                }
            });
            roots.add(Map.of("bucket", bucket, "pairs", pairs));
        });
        if (!buckets.containsKey("vulnerability")) {
            // trivy-db's GetVulnerability reads this bucket without a nil check.
            roots.add(Map.of("bucket", "vulnerability", "pairs", List.of()));
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(roots);
    }

    /** Writes {@code cacheDir/db/trivy.db} and {@code cacheDir/db/metadata.json}; returns {@code cacheDir}. */
    public Path writeTo(Path cacheDir) {
        Path spec = null;
        try {
            spec = Files.createTempFile("ppctl-trivydb-", ".json");
            Files.writeString(spec, fixtures());
            List<String> cmd = new ArrayList<>(List.of(helper().toString(), "-fixtures", spec.toString(),
                    "-cache-dir", cacheDir.toString()));
            if (updated != null) {
                cmd.addAll(List.of("-updated", updated.truncatedTo(ChronoUnit.SECONDS).toString()));
            }
            run(cmd, null);
            return cacheDir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (spec != null) {
                spec.toFile().delete();
            }
        }
    }

    /** The helper binary, built with go from src/test/go/trivydb (go caches the build; a rebuild takes a second). */
    static synchronized Path helper() {
        if (helper == null || !Files.isExecutable(helper)) {
            Path source = Path.of("src/test/go/trivydb").toAbsolutePath();
            Path out = Path.of("target/test-tools/trivydb").toAbsolutePath();
            run(List.of("go", "build", "-mod=readonly", "-trimpath", "-o", out.toString(), "."), source);
            helper = out;
        }
        return helper;
    }

    private static void run(List<String> cmd, Path dir) {
        TestDocker.Result r = TestDocker.exec(cmd, dir, Map.of("GOTOOLCHAIN", "local"));
        if (r.exitCode() != 0) {
            throw new AssertionError(String.join(" ", cmd) + " failed (" + r.exitCode() + "): " + r.output());
        }
    }
}
