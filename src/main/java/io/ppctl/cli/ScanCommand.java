package io.ppctl.cli;

import io.ppctl.core.ExitCode;
import io.ppctl.pipeline.Pipeline;
import io.ppctl.pipeline.PartRuns;
import io.ppctl.pipeline.StepContext;
import io.ppctl.rules.TargetImage;
import io.ppctl.scan.ScanOptions;
import io.ppctl.scan.ScanStep;
import io.ppctl.scan.ScanSummary;
import io.ppctl.scan.ScanTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

@Command(name = "scan",
        description = {"Scan the built image (or --image REF) for vulnerabilities with one Trivy run, and fail when a "
                + "finding reaches the threshold (scan.failOn, default CRITICAL). Every finding is shown; ignored "
                + "ones (.trivyignore) and those below the threshold do not fail the build.",
                "Scanner: a trivy executable (scan.trivy, else PATH), else the scanner image scan.image "
                        + "(pulled if missing). The image is handed over as a docker save archive, never the Docker socket.",
                "Exit 0 passed, 1 the gate failed, 2 bad config or ignore file, 3 no scanner or the scanner failed.",
                "",
                "Examples:",
                "  ppctl scan",
                "  ppctl scan --image policy-platform:v1.0.2 --fail-on HIGH",
                "  ppctl scan --sarif target/trivy.sarif --junit target/scan-junit.xml \\",
                "      --report target/scan.json",
                "  ppctl scan --skip-db-update   # air-gapped: the database in scan.cacheDir"})
final class ScanCommand extends PpctlSubcommand {
    @Option(names = "--image", paramLabel = "REF",
            description = "Image to scan. Default: the image of the last `ppctl build`.")
    String image;

    @Option(names = "--fail-on", paramLabel = "SEVERITY",
            description = "Lowest severity that fails the scan: LOW, MEDIUM, HIGH or CRITICAL. Default: scan.failOn.")
    String failOn;

    @Option(names = "--ignore-unfixed", negatable = true,
            description = "Findings without a fixed version do not fail the scan (still shown). Default: scan.ignoreUnfixed.")
    Boolean ignoreUnfixed;

    @Option(names = "--ignore-file", paramLabel = "FILE",
            description = "Trivy ignore file: one ID per line, optional exp:YYYY-MM-DD, # comments. Default: scan.ignoreFile.")
    Path ignoreFile;

    @Option(names = "--skip-db-update", negatable = true,
            description = "Do not download the vulnerability database; use the one in scan.cacheDir (air-gapped runs).")
    Boolean skipDbUpdate;

    @Option(names = "--report", paramLabel = "FILE", description = "Write JSON: ppctl's verdict and Trivy's full report.")
    Path report;

    @Option(names = "--sarif", paramLabel = "FILE", description = "Write SARIF 2.1.0 for code-scanning dashboards.")
    Path sarif;

    @Option(names = "--junit", paramLabel = "FILE", description = "Write JUnit XML: one failing test per finding that fails the scan.")
    Path junit;

    @Override
    protected ExitCode execute() {
        ScanOptions options = ScanOptions.builder().image(image).failOn(failOn).ignoreUnfixed(ignoreUnfixed)
                .ignoreFile(absolute(ignoreFile)).skipDbUpdate(skipDbUpdate).report(absolute(report)).sarif(absolute(sarif))
                .junit(absolute(junit)).build();
        // Options, config and the ignore file are checked before the step starts: bad input is one line.
        ScanStep.validate(project(), options);
        TargetImage.checkOption(project(), image);
        try (StepContext ctx = stepContext()) {
            TargetImage.usePlatformsOfLastBuild(ctx, image);
            Pipeline.Outcome outcome = new Pipeline(List.of(new ScanStep(options))).run(ctx);
            List<PartRuns.Run> runs = ctx.get(PartRuns.KEY).map(r -> r.of(ScanStep.NAME)).orElse(List.of());
            if (!runs.isEmpty()) {
                // One summary per platform (each platform's files and reports carry its name).
                List<PlatformSummary> summaries = runs.stream().flatMap(r -> r.get(ScanSummary.KEY).stream()
                        .map(s -> new PlatformSummary(r.part(), s))).toList();
                console().result(summaries, out -> summaries.forEach(s -> {
                    out.println(console().style().bold(s.platform()));
                    print(out, s.scan());
                }));
            } else {
                Optional<ScanSummary> summary = ctx.get(ScanSummary.KEY);
                summary.ifPresent(s -> console().result(s, out -> print(out, s)));
            }
            outcome.throwIfFailed();
        }
        return ExitCode.OK;
    }

    /** One platform's scan of a multi-platform build, as --output json lists them. */
    record PlatformSummary(String platform, ScanSummary scan) {}

    private void print(PrintStream out, ScanSummary s) {
        String text = ScanTable.render(s);
        out.print(text.substring(0, text.length() - s.verdict().length() - 1));
        out.println(s.passed() ? console().style().green(s.verdict()) : console().style().red(s.verdict()));
    }

    private static Path absolute(Path p) {
        return p == null ? null : p.toAbsolutePath().normalize();
    }
}
