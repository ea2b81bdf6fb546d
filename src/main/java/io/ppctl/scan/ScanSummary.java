package io.ppctl.scan;

import io.ppctl.pipeline.Key;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The outcome of a scan as ppctl shows and records it: the image, the scanner, the gate's verdict and every finding
 * with what the gate made of it. It is the JSON of `ppctl scan --output json`, the "scan" part of --report, and
 * what `release` finds in the step context under {@link #KEY}.
 */
public record ScanSummary(String image, String imageId, String scannerKind, String scanner, String threshold,
                          boolean ignoreUnfixed, String ignoreFile, boolean passed, String verdict,
                          Map<Severity, Verdict.Count> counts, List<Row> findings, List<ExpiredIgnore> expiredIgnores,
                          List<String> reports) {

    public static final Key<ScanSummary> KEY = Key.of("scan", ScanSummary.class);

    /** One finding; {@code ignoreLine} is the ignore file line that ignored it (or whose entry expired), else 0. */
    public record Row(String id, Severity severity, String pkgName, String installedVersion, String fixedVersion,
                      String title, String target, String primaryUrl, Verdict.Status status, int ignoreLine,
                      LocalDate ignoreExpired) {}

    public record ExpiredIgnore(String id, LocalDate expiredOn, int line) {}

    static ScanSummary of(String image, String imageId, Scanner scanner, ScanSettings s, String ignoreFileName,
                          Verdict v, List<String> reports) {
        List<Row> rows = v.findings().stream().map(a -> {
            Finding f = a.finding();
            int line = a.ignoredBy() != null ? a.ignoredBy().line() : a.expiredIgnore() != null ? a.expiredIgnore().line() : 0;
            return new Row(f.id(), f.severity(), f.pkgName(), f.installedVersion(), f.fixedVersion(), f.title(), f.target(),
                    f.primaryUrl(), a.status(), line, a.expiredIgnore() == null ? null : a.expiredIgnore().expires());
        }).toList();
        List<ExpiredIgnore> expired = v.expiredIgnores().stream()
                .map(e -> new ExpiredIgnore(e.id(), e.expires(), e.line())).toList();
        return new ScanSummary(image, imageId, scanner.kind(), scanner.location(), v.threshold().name(), s.ignoreUnfixed(),
                ignoreFileName, v.passed(), v.line(), v.counts(), rows, expired, List.copyOf(reports));
    }

    public long failing() {
        return findings.stream().filter(r -> r.status() == Verdict.Status.FAILS_GATE).count();
    }
}
