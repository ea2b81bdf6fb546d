package io.ppctl.scan;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The one Trivy command line ppctl runs (flags as in Trivy 0.67's `trivy image --help`):
 * {@code image --input TAR --format json --output FILE --scanners vuln --no-progress --skip-version-check
 * --disable-telemetry --cache-dir DIR --timeout D} plus {@code --skip-db-update --skip-java-db-update} for air-gapped
 * runs and {@code --db-repository} for a mirror. Checked against the real Trivy by RealTrivyScanIT.
 * <p>
 * {@code --skip-version-check --disable-telemetry} (Trivy 0.63 and newer): without BOTH, every run calls
 * check.trivy.dev, sending the command's flags and a machine identifier, a request a release pipeline (often behind
 * a proxy, or offline) must not make on its own.
 * <p>
 * Deliberately absent: {@code --severity}, {@code --ignore-unfixed}, {@code --exit-code} and {@code --ignorefile}.
 * Trivy reports every finding and ppctl's {@link SeverityGate} decides, so that ignored and below-threshold
 * findings are still shown. The report goes to a file ({@code --output}) so Trivy's log lines on stderr can
 * never corrupt the JSON.
 */
public final class TrivyCommand {
    private TrivyCommand() {}

    /** Arguments after the executable; paths as the scanner sees them (inside its container, or on this host). */
    public static List<String> args(String inputTar, String outputFile, String cacheDir, ScanSettings s) {
        List<String> args = new ArrayList<>(List.of(
                "image", "--input", inputTar,
                "--format", "json", "--output", outputFile,
                // Only vulnerabilities gate a release; the secret scanner would slow every run for a report ppctl ignores.
                "--scanners", "vuln",
                "--no-progress",
                "--skip-version-check", "--disable-telemetry",
                "--cache-dir", cacheDir,
                "--timeout", goDuration(s.timeout())));
        if (s.skipDbUpdate()) {
            // Both databases: the Java one is fetched on demand when an image contains jars.
            args.add("--skip-db-update");
            args.add("--skip-java-db-update");
        }
        if (!s.dbRepository().isEmpty()) {
            args.add("--db-repository");
            args.add(s.dbRepository());
        }
        return List.copyOf(args);
    }

    /** {@code convert --format FORMAT --output FILE REPORT}: an SBOM from the scan's own JSON report (which lists every package). */
    public static List<String> convertArgs(String format, String outputFile, String report) {
        return List.of("convert", "--format", format, "--output", outputFile, report);
    }

    /** Go's time.ParseDuration accepts whole seconds: 900s. */
    static String goDuration(Duration d) {
        return Math.max(1, d.toSeconds()) + "s";
    }
}
