package io.ppctl.release;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.ppctl.build.BuildResult;
import io.ppctl.core.ExitCode;
import io.ppctl.core.InputFiles;
import io.ppctl.core.PpctlException;
import io.ppctl.core.PpctlVersion;
import io.ppctl.docker.Labels;
import io.ppctl.pipeline.Pipeline;
import io.ppctl.pipeline.PartRuns;
import io.ppctl.pipeline.StepContext;
import io.ppctl.pipeline.StepResult;
import io.ppctl.policies.PolicyLabels;
import io.ppctl.project.Project;
import io.ppctl.push.PushResult;
import io.ppctl.push.PushStep;
import io.ppctl.registry.Manifest;
import io.ppctl.report.CheckReport;
import io.ppctl.rules.ReleaseStep;
import io.ppctl.rules.TargetImage;
import io.ppctl.scan.ScanStep;
import io.ppctl.scan.ScanSummary;
import io.ppctl.smoke.SmokeTestStep;
import io.ppctl.integration.IntegrationTestStep;
import io.ppctl.supplychain.Attached;
import io.ppctl.supplychain.Sbom;
import io.ppctl.tag.TagResult;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * The release report: everything needed to answer later "what was released, from which commit, which tools and
 * policies are inside, what was checked, where did it go". Written also when the release failed. The record is the
 * file: its fields in this order are the JSON's, a null field is left out. Made with {@link #builder()}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReleaseReport(String status, String version, String commit, boolean dirty, Instant startedAt,
                            Instant finishedAt, double durationSeconds, String ppctl, Image image,
                            Map<String, String> tools, SortedMap<String, PolicyLabels.PolicyVersion> policies,
                            List<String> localTags, List<PushResult.PushedTag> pushed, List<ReleaseCheck> preflight,
                            List<Step> steps, List<Skipped> skipped, Checks smokeTest, Checks integrationTest,
                            Scan scan, Failure failure, String gitTag, String versionCommit,
                            List<Attached> signed, List<SbomFile> sbom, List<PlatformImage> platforms) {

    /**
     * One platform's image of a multi-platform release: how each gate went on it (passed, failed, or skipped and why),
     * its checks and scan, its SBOMs, and the manifest digest each registry holds for it (the index names them).
     */
    public record PlatformImage(String platform, String imageId, Long size, Map<String, String> gates, Checks smokeTest,
                                Checks integrationTest, Scan scan, List<SbomFile> sbom, List<PushResult.PlatformImage> pushed) {}

    /** An SBOM scan wrote for the image: format, file and sha256 of its content. */
    public record SbomFile(String format, String path, String sha256) {}

    public record Image(String id, String reference, Long size, Integer layers) {}

    public record Step(String name, String status, double seconds, String message) {}

    /** A step that did not run; {@code forced} when the user turned it off rather than the config having nothing for it. */
    public record Skipped(String step, String reason, boolean forced) {}

    public record Checks(long passed, long failed, List<String> failedChecks) {}

    public record Scan(String verdict, boolean passed, String threshold, Map<String, Object> counts) {}

    public record Failure(String step, int exitCode, String message) {}

    static ReleaseReport of(StepContext ctx, ReleaseOptions options, List<ReleaseCheck> preflight, Pipeline.Outcome outcome,
                            PpctlException preflightFailure, Instant started, String gitTag,
                            String versionCommit) {
        Project p = ctx.project();
        Instant finished = Instant.now();
        Optional<TargetImage> image = ctx.get(TargetImage.KEY);
        Optional<BuildResult> build = ctx.get(BuildResult.KEY);
        Map<String, String> labels = image.map(i -> i.details().labels()).orElse(Map.of());

        List<Step> steps = outcome == null ? List.of() : outcome.results().stream()
                .map(r -> new Step(r.step(), r.status().name().toLowerCase(), seconds(r.duration()), r.message())).toList();
        List<Skipped> skipped = outcome == null ? List.of() : outcome.results().stream()
                .filter(r -> r.status() == StepResult.Status.SKIPPED)
                .map(r -> new Skipped(r.step(), r.message(), ReleaseStep.of(r.step())
                        .map(s -> options.skip().contains(s) || (s == ReleaseStep.PUSH && options.noPush())).orElse(false)))
                .toList();

        Failure failure = null;
        String status;
        if (preflightFailure != null) {
            status = preflightFailure.exitCode() == ExitCode.INTERRUPTED ? "interrupted" : "failed";
            failure = new Failure(preflightFailure.step() == null ? "preflight" : preflightFailure.step(),
                    preflightFailure.exitCode().code(), preflightFailure.getMessage());
        } else if (outcome != null && !outcome.passed()) {
            StepResult failed = outcome.failedStep().orElseThrow();
            status = failed.exitCode() == ExitCode.INTERRUPTED.code() ? "interrupted" : "failed";
            failure = new Failure(failed.step(), failed.exitCode(), failed.message());
        } else {
            boolean pushed = ctx.get(PushStep.RESULT).isPresent();
            status = pushed ? "released" : "built";
        }
        Image img = image.map(i -> new Image(i.id(), build.map(BuildResult::reference).orElse(i.reference()),
                build.map(BuildResult::size).orElse(i.details().size()), build.map(BuildResult::layers).orElse(i.details().layers())))
                .orElse(null);
        return builder()
                .status(status)
                .version(versionOrNull(p))
                .commit(p.git().commit())
                .dirty(p.git().dirty())
                .startedAt(started)
                .finishedAt(finished)
                .durationSeconds(seconds(Duration.between(started, finished)))
                .ppctl(PpctlVersion.describe())
                .image(img)
                .tools(tools(labels.get(Labels.TOOLS)))
                .policies(labels.isEmpty() ? null : PolicyLabels.fromImageLabels(labels))
                .localTags(ctx.get(TagResult.KEY).map(TagResult::applied).orElse(null))
                .pushed(ctx.get(PushStep.RESULT).map(PushResult::tags).orElse(null))
                .preflight(preflight)
                .steps(steps)
                .skipped(skipped)
                .smokeTest(checks(ctx.get(SmokeTestStep.REPORT)))
                .integrationTest(checks(ctx.get(IntegrationTestStep.REPORT)))
                .scan(ctx.get(ScanSummary.KEY).map(s -> new Scan(s.verdict(), s.passed(), s.threshold(), counts(s))).orElse(null))
                .failure(failure)
                .gitTag(gitTag)
                .versionCommit(versionCommit)
                .signed(ctx.get(PushStep.RESULT).map(PushResult::signed).filter(l -> !l.isEmpty()).orElse(null))
                .sbom(image.map(i -> sbomFiles(p, i.id())).filter(l -> !l.isEmpty()).orElse(null))
                .platforms(platforms(ctx))
                .build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Per platform of a multi-platform release, from the build, each gate's run on it and the push; null otherwise. */
    private static List<PlatformImage> platforms(StepContext ctx) {
        Optional<TargetImage.PerPlatform> images = ctx.get(TargetImage.PLATFORMS);
        if (images.isEmpty()) {
            return null;
        }
        Optional<PartRuns> runs = ctx.get(PartRuns.KEY);
        List<PushResult.PlatformImage> pushed = ctx.get(PushStep.RESULT).map(PushResult::platforms).orElse(List.of());
        List<PlatformImage> out = new ArrayList<>();
        for (TargetImage image : images.get().images()) {
            Map<String, String> gates = new LinkedHashMap<>();
            Checks smoke = null;
            Checks integration = null;
            Scan scan = null;
            for (String step : List.of(SmokeTestStep.NAME, IntegrationTestStep.NAME, ScanStep.NAME)) {
                for (PartRuns.Run run : runs.map(r -> r.of(step)).orElse(List.of())) {
                    if (!run.get(TargetImage.KEY).map(TargetImage::id).orElse("").equals(image.id())) {
                        continue;
                    }
                    String status = run.status().name().toLowerCase(Locale.ROOT);
                    gates.put(step, run.status() == StepResult.Status.PASSED ? status
                            : status + ": " + run.message().lines().findFirst().orElse(""));
                    if (step.equals(SmokeTestStep.NAME)) {
                        smoke = checks(run.get(SmokeTestStep.REPORT));
                    } else if (step.equals(IntegrationTestStep.NAME)) {
                        integration = checks(run.get(IntegrationTestStep.REPORT));
                    } else {
                        scan = run.get(ScanSummary.KEY).map(s -> new Scan(s.verdict(), s.passed(), s.threshold(), counts(s))).orElse(null);
                    }
                }
            }
            String platform = image.platform().toString();
            List<SbomFile> sbom = sbomFiles(ctx.project(), image.id());
            out.add(new PlatformImage(platform, image.id(), image.details().size(), gates, smoke, integration, scan,
                    sbom.isEmpty() ? null : sbom, pushed.stream().filter(x -> x.platform().equals(platform)).toList()));
        }
        return out;
    }

    static List<SbomFile> sbomFiles(Project p, String imageId) {
        return Sbom.files(p, imageId).stream().map(f -> {
            String sha;
            try {
                sha = Manifest.sha256(InputFiles.readBytes(f.path(),
                        InputFiles.REPORT_LIMIT));
            } catch (java.io.IOException e) {
                sha = null;
            }
            return new SbomFile(f.format(), p.dir().toAbsolutePath().relativize(f.path().toAbsolutePath()).toString(), sha);
        }).toList();
    }

    private static String versionOrNull(Project p) {
        try {
            return p.version().toString();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Checks checks(Optional<CheckReport> r) {
        return r.map(c -> new Checks(c.passedCount(), c.failedCount(), c.failedNames())).orElse(null);
    }

    private static Map<String, Object> counts(ScanSummary s) {
        Map<String, Object> out = new LinkedHashMap<>();
        s.counts().forEach((severity, count) -> out.put(severity.name(), count));
        return out;
    }

    /** io.ppctl.tools holds KYVERNO_VERSION=1.15.2,HELM_VERSION=3.19.0. */
    static Map<String, String> tools(String label) {
        if (label == null || label.isBlank()) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : label.split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        return out;
    }

    private static double seconds(Duration d) {
        return Math.round(d.toMillis()) / 1000.0;
    }

    /** One setter per field, named after it; what is not set is null (left out of the file), 0 or false. */
    public static final class Builder {
        private String status;
        private String version;
        private String commit;
        private boolean dirty;
        private Instant startedAt;
        private Instant finishedAt;
        private double durationSeconds;
        private String ppctl;
        private Image image;
        private Map<String, String> tools;
        private SortedMap<String, PolicyLabels.PolicyVersion> policies;
        private List<String> localTags;
        private List<PushResult.PushedTag> pushed;
        private List<ReleaseCheck> preflight;
        private List<Step> steps;
        private List<Skipped> skipped;
        private Checks smokeTest;
        private Checks integrationTest;
        private Scan scan;
        private Failure failure;
        private String gitTag;
        private String versionCommit;
        private List<Attached> signed;
        private List<SbomFile> sbom;
        private List<PlatformImage> platforms;

        private Builder() {}

        public Builder status(String status) { this.status = status; return this; }
        public Builder version(String version) { this.version = version; return this; }
        public Builder commit(String commit) { this.commit = commit; return this; }
        public Builder dirty(boolean dirty) { this.dirty = dirty; return this; }
        public Builder startedAt(Instant startedAt) { this.startedAt = startedAt; return this; }
        public Builder finishedAt(Instant finishedAt) { this.finishedAt = finishedAt; return this; }
        public Builder durationSeconds(double durationSeconds) { this.durationSeconds = durationSeconds; return this; }
        public Builder ppctl(String ppctl) { this.ppctl = ppctl; return this; }
        public Builder image(Image image) { this.image = image; return this; }
        public Builder tools(Map<String, String> tools) { this.tools = tools; return this; }
        public Builder policies(SortedMap<String, PolicyLabels.PolicyVersion> policies) { this.policies = policies; return this; }
        public Builder localTags(List<String> localTags) { this.localTags = localTags; return this; }
        public Builder pushed(List<PushResult.PushedTag> pushed) { this.pushed = pushed; return this; }
        public Builder preflight(List<ReleaseCheck> preflight) { this.preflight = preflight; return this; }
        public Builder steps(List<Step> steps) { this.steps = steps; return this; }
        public Builder skipped(List<Skipped> skipped) { this.skipped = skipped; return this; }
        public Builder smokeTest(Checks smokeTest) { this.smokeTest = smokeTest; return this; }
        public Builder integrationTest(Checks integrationTest) { this.integrationTest = integrationTest; return this; }
        public Builder scan(Scan scan) { this.scan = scan; return this; }
        public Builder failure(Failure failure) { this.failure = failure; return this; }
        public Builder gitTag(String gitTag) { this.gitTag = gitTag; return this; }
        public Builder versionCommit(String versionCommit) { this.versionCommit = versionCommit; return this; }
        public Builder signed(List<Attached> signed) { this.signed = signed; return this; }
        public Builder sbom(List<SbomFile> sbom) { this.sbom = sbom; return this; }
        public Builder platforms(List<PlatformImage> platforms) { this.platforms = platforms; return this; }

        public ReleaseReport build() {
            return new ReleaseReport(status, version, commit, dirty, startedAt, finishedAt, durationSeconds, ppctl, image, tools,
                    policies, localTags, pushed, preflight, steps, skipped, smokeTest, integrationTest, scan, failure, gitTag,
                    versionCommit, signed, sbom, platforms);
        }
    }
}
