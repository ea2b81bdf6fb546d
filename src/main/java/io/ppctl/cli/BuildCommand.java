package io.ppctl.cli;

import io.ppctl.build.BuildOptions;
import io.ppctl.build.BuildResult;
import io.ppctl.build.BuildStep;
import io.ppctl.core.ByteSize;
import io.ppctl.core.Durations;
import io.ppctl.core.ExitCode;
import io.ppctl.pipeline.Pipeline;
import io.ppctl.pipeline.StepContext;
import io.ppctl.policies.PolicySyncCheck;
import io.ppctl.console.Style;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

@Command(name = "build",
        description = {"Build the image from image.dockerfile and image.context (honouring .dockerignore) as "
                + "image.name:VERSION, with OCI labels naming its version, commit, date and source, and io.ppctl.tools "
                + "naming the tool versions the Dockerfile pins. VERSION, VCS_REF and BUILD_DATE are passed as build "
                + "args to a Dockerfile that declares them. The exact image ID is recorded for tag, the tests and push.",
                "When the Dockerfile, build args, labels, base images and build context equal the last build's and its "
                        + "image still exists, that image is reused without sending the context (the daemon's cache would "
                        + "give the same); --no-cache and --pull always build.",
                "With image.platforms (or --platform) it builds one image per platform, each checked to be of its "
                        + "platform, tagged image.name:VERSION-OS-ARCH (and the daemon's own platform also image.name:VERSION); "
                        + "the gates then run on each and push publishes one image index. See docs/multi-platform.md.",
                "Exit 1 when a step fails, an image is over its size budget or not of the platform asked, 2 when the "
                        + "Dockerfile, the context or an option is invalid, 3 when the daemon is unreachable.",
                "",
                "Examples:",
                "  ppctl build",
                "  ppctl build --build-arg HELM_VERSION=v3.19.0 --no-cache",
                "  ppctl build --max-size 300MB --output json",
                "  ppctl build --platform linux/amd64,linux/arm64",
                "  CI=1 ppctl build     # plain output: every Dockerfile step and its output"})
final class BuildCommand extends PpctlSubcommand {
    @Option(names = "--build-arg", paramLabel = "NAME=VALUE",
            description = "A build arg (repeatable); NAME alone takes the value from the environment. Wins over image.buildArgs.")
    List<String> buildArgs = new ArrayList<>();

    @Option(names = "--no-cache", description = "Do not use the daemon's build cache, nor reuse the last build's image.")
    boolean noCache;

    @Option(names = "--pull", description = "Pull newer versions of the base images first.")
    boolean pull;

    @Option(names = "--max-size", paramLabel = "SIZE", description = "Fail when the image is bigger (e.g. 300MB); overrides image.sizeBudget.")
    String maxSize;

    @Option(names = "--target", paramLabel = "STAGE", description = "Build this stage of a multi-stage Dockerfile; overrides image.target.")
    String target;

    @Option(names = "--platform", paramLabel = "OS/ARCH[,...]",
            description = "Build for these platforms (comma-separated or repeated, e.g. linux/amd64,linux/arm64); overrides image.platforms.")
    List<String> platforms = new ArrayList<>();

    @Override
    protected ExitCode execute() {
        BuildOptions options = BuildOptions.builder().buildArgs(buildArgs).noCache(noCache).pull(pull).maxSize(maxSize)
                .target(target).platforms(platforms).build();
        // Bad input is one line and touches nothing: check it all before the daemon is asked for anything.
        BuildStep.validate(project(), options);
        // The image must carry exactly the policy versions policies.lock pins (exit 1 otherwise).
        PolicySyncCheck.verify(project());
        try (StepContext ctx = stepContext()) {
            new Pipeline(List.of(new BuildStep(options))).run(ctx).throwIfFailed();
            BuildResult r = ctx.require(BuildResult.KEY);
            console().result(r, out -> print(out, console().style(), r));
        }
        return ExitCode.OK;
    }

    /** Static, so that CosmeticsTest sees the exact bytes with colour on, which in-process runs never have. */
    static void print(PrintStream out, Style s, BuildResult r) {
        out.println((r.reused() ? "unchanged " : "built ") + s.bold(r.reference())
                + (r.reused() ? " (same inputs as the last build: its image, nothing rebuilt)" : ""));
        if (r.platforms().isEmpty()) {
            out.println("  image   " + r.imageId());
            out.println("  size    " + r.sizeText() + (r.sizeBudget() == null ? "" : " (budget " + ByteSize.format(r.sizeBudget()) + ")"));
            out.println("  layers  " + r.layers());
        } else {
            int width = r.platforms().stream().mapToInt(p -> p.platform().length()).max().orElse(0);
            for (BuildResult.PlatformBuild p : r.platforms()) {
                out.println("  " + p.platform() + " ".repeat(width - p.platform().length()) + "  " + p.imageId() + "  "
                        + p.sizeText() + ", " + p.layers() + " layers" + (p.reused() ? ", unchanged" : "") + "  " + s.dim(p.reference()));
            }
            if (r.sizeBudget() != null) {
                out.println("  budget  " + ByteSize.format(r.sizeBudget()) + " per platform");
            }
        }
        out.println("  took    " + Durations.format(java.time.Duration.ofMillis(Math.round(r.durationSeconds() * 1000))));
    }
}
