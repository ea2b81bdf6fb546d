package io.ppctl.scan;

import io.ppctl.core.ByteSize;
import io.ppctl.core.ExitCode;
import io.ppctl.core.InputFiles;
import io.ppctl.core.PpctlException;
import io.ppctl.docker.ImageExporter;
import io.ppctl.event.Event;
import io.ppctl.pipeline.StepContext;
import io.ppctl.project.Project;
import io.ppctl.rules.GateRecord;
import io.ppctl.rules.ReleaseStep;
import io.ppctl.rules.RuledStep;
import io.ppctl.rules.TargetImage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Scans the target image with one Trivy run and applies ppctl's gate: docker save to a temporary archive, Trivy
 * (binary or scanner image) reads it with --input and writes JSON, ppctl parses it, applies threshold, ignore file
 * and ignoreUnfixed, writes the requested reports, and fails (exit 1) when a finding fails the gate. The summary
 * goes into the step context under {@link ScanSummary#KEY} whether the gate passed or not.
 */
public final class ScanStep implements RuledStep {
    public static final String NAME = ReleaseStep.SCAN.word();
    private final ScanOptions options;

    public ScanStep(ScanOptions options) {
        this.options = options;
    }

    /** The scan's verdict, threshold, findings by severity and the scanner's DB date, for the gate attestation. */
    @Override
    public java.util.Map<String, Object> gateDetails(StepContext ctx) {
        return ctx.get(ScanSummary.KEY).map(sum -> ScanEvidence.of(sum, ctx.get(ScanEvidence.DB_UPDATED_AT).orElse(null)))
                .orElse(java.util.Map.of());
    }

    @Override
    public ReleaseStep kind() {
        return ReleaseStep.SCAN;
    }

    /** What decides the verdict: threshold, unfixed findings, the ignore file's content, the scanner. */
    @Override
    public String gateSettings(Project project) {
        ScanSettings s = ScanSettings.resolve(project, options);
        String ignored;
        try {
            ignored = java.nio.file.Files.isRegularFile(s.ignoreFile())
                    ? GateRecord.digest(InputFiles.readText(s.ignoreFile(), InputFiles.TEXT_LIMIT)) : "none";
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            // The scan itself refuses such a file with its reason; here it only has to differ from every readable one.
            ignored = "unreadable";
        }
        return "scan failOn=" + s.failOn() + " ignoreUnfixed=" + s.ignoreUnfixed() + " ignore=" + ignored
                + " scanner=" + s.scannerImage() + " trivy=" + s.trivyPath();
    }

    /** The checks the step makes before it touches Docker (options, config, ignore file, report paths), for commands. */
    public static void validate(Project project, ScanOptions options) {
        ScanSettings s = ScanSettings.resolve(project, options);
        loadIgnoreFile(s, project.dir());
        CacheFolder.check(s.cacheDir(), s.home());
        checkReportTargets(options);
        TrivyCache.requireDatabase(s);
    }

    @Override
    public String run(StepContext ctx) {
        long start = System.nanoTime();
        ScanSettings s = ScanSettings.resolve(ctx.project(), options);
        IgnoreFile ignores = loadIgnoreFile(s, ctx.project().dir());
        CacheFolder.check(s.cacheDir(), s.home());
        checkReportTargets(options);
        TrivyCache.requireDatabase(s);
        TargetImage target = TargetImage.resolve(ctx, options.image());
        ScanOptions options = target.platform() == null ? this.options : this.options.forPlatform(target.platform());
        Scanner scanner = ScannerLocator.locate(s, ctx.project().env(), ctx::docker, ctx.events(), NAME);
        ctx.events().log(NAME, "scanner: " + (scanner.kind().equals("binary") ? "trivy at " : "scanner image ")
                + scanner.location());
        TrivyReport report;
        try (ScanWorkspace ws = ScanWorkspace.create(ctx.project().env())) {
            long size = new ImageExporter(ctx.docker()).save(target.id(), ws.imageTar(), bytes -> ctx.events().publish(
                    new Event.Progress(NAME, "docker save", ByteSize.format(bytes) + " written", bytes, -1)));
            ctx.events().log(NAME, "exported " + target.reference() + " (" + TargetImage.shortId(target.id()) + ", "
                    + ByteSize.format(size) + ") with docker save");
            String json = scanner.scan(ws, s, ctx.events(), NAME);
            try {
                report = TrivyReportParser.parse(json);
            } catch (TrivyReportParser.InvalidReportException e) {
                throw ScannerFailure.badReport(scanner.who(), e.getMessage());
            }
            SbomWriter.write(ctx, scanner, ws, s, target.id());
        }
        // Trivy judges exp: dates in UTC; so does ppctl.
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Verdict verdict = new SeverityGate(s.failOn(), s.ignoreUnfixed(), ignores).evaluate(report.findings(), today);
        String ignoreName = displayName(s.ignoreFile(), ctx.project().dir());
        for (IgnoreFile.Entry e : verdict.expiredIgnores()) {
            ctx.events().warn(ignoreName + ":" + e.line() + ": the ignore entry for " + e.id() + " expired on "
                    + e.expires() + " and no longer applies");
        }
        ScanSummary summary = ScanSummary.of(target.reference(), target.id(), scanner, s, ignoreName, verdict,
                ScanReports.requested(options));
        ctx.put(ScanSummary.KEY, summary);
        String dbDate = ScanEvidence.dbUpdatedAt(s.cacheDir());
        if (dbDate != null) {
            ctx.put(ScanEvidence.DB_UPDATED_AT, dbDate);
        }
        ScanReports.write(options, summary, report, verdict, target.reference(), target.id(), ignoreName,
                Duration.ofNanos(System.nanoTime() - start));
        if (!verdict.passed()) {
            throw new PpctlException(ExitCode.CHECK_FAILED, "scan gate: " + verdict.line(),
                    "update the affected packages, or accept a risk in " + ignoreName + " (ID exp:YYYY-MM-DD)", null);
        }
        return verdict.line();
    }

    /** The ignore file, parsed before anything touches Docker; absent is fine unless the user named it. */
    private static IgnoreFile loadIgnoreFile(ScanSettings s, Path projectDir) {
        Path file = s.ignoreFile();
        String name = displayName(file, projectDir);
        String lower = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
            throw PpctlException.usage(name + ": ppctl reads Trivy's plain ignore file (one ID per line, "
                    + "optional exp:YYYY-MM-DD), not .trivyignore.yaml");
        }
        try {
            return IgnoreFile.parse(name, InputFiles.readText(file, InputFiles.TEXT_LIMIT));
        } catch (InputFiles.Refused e) {
            throw PpctlException.usage(name + ": the ignore file " + e.getMessage());
        } catch (NoSuchFileException e) {
            if (s.ignoreFileRequired()) {
                throw PpctlException.usage(name + ": ignore file not found (check --ignore-file / scan.ignoreFile)");
            }
            return IgnoreFile.none();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw PpctlException.usage(name + ": the ignore file is not UTF-8 text");
        } catch (IOException e) {
            throw PpctlException.usage(name + ": cannot read the ignore file: " + e.getMessage());
        } catch (IgnoreFile.InvalidException e) {
            throw PpctlException.usage(String.join("; ", e.problems()));
        }
    }

    private static void checkReportTargets(ScanOptions options) {
        for (Path p : new Path[] {options.report(), options.sarif(), options.junit()}) {
            if (p != null && Files.isDirectory(p)) {
                throw PpctlException.usage(p + " is a folder; name the report file to write");
            }
        }
    }

    private static String displayName(Path file, Path projectDir) {
        return file.startsWith(projectDir) ? projectDir.relativize(file).toString() : file.toString();
    }
}
