package io.ppctl.cli;

import io.ppctl.core.ExitCode;
import io.ppctl.pipeline.Pipeline;
import io.ppctl.pipeline.StepContext;
import io.ppctl.project.ReleaseTags;
import io.ppctl.rules.TargetImage;
import io.ppctl.tag.TagResult;
import io.ppctl.tag.TagStep;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.List;

@Command(name = "tag",
        description = {"Give the built image the release's tags (the 'tags' templates; by default VERSION as written, "
                + "sha-<7-char commit> and latest), locally as image.name:TAG and as <repository>:TAG for every registry. "
                + "latest and other moving tags go only to a stable version that is not older than the newest "
                + "release known from git tags or local images; a skipped tag says why.",
                "Exit 2 when a tag is invalid or the image is not the build of VERSION and HEAD, or has no ppctl labels "
                        + "to show it (unless --force).",
                "",
                "Examples:",
                "  ppctl tag                         # the image of the last ppctl build",
                "  ppctl tag --output json           # every reference applied",
                "  ppctl tag --image sha256:3f2a9c1b0d4e"})
final class TagCommand extends PpctlSubcommand {
    @Option(names = "--image", paramLabel = "REF", description = "Tag this image (name:tag or ID) instead of the last build.")
    String image;

    @Option(names = "--force", description = "Tag an image that has no ppctl version and revision labels (it cannot be "
            + "checked to be the build of VERSION and HEAD).")
    boolean force;

    @Override
    protected ExitCode execute() {
        TagStep.validate(project());
        // The step would say the same, but as a failed step; bad usage is one line.
        TargetImage.checkOption(project(), image);
        try (StepContext ctx = stepContext()) {
            new Pipeline(List.of(new TagStep(image, force))).run(ctx).throwIfFailed();
            TagResult r = ctx.require(TagResult.KEY);
            console().result(r, out -> print(out, r));
        }
        return ExitCode.OK;
    }

    private void print(PrintStream out, TagResult r) {
        var s = console().style();
        out.println("tagged " + TargetImage.shortId(r.imageId()) + " (" + r.image() + ", " + r.source() + ")");
        for (String ref : r.applied()) {
            out.println("  " + s.bold(ref));
        }
        for (TagResult.Tag t : r.tags()) {
            if (!t.applied()) {
                out.println(s.dim("skipped " + t.name() + ": " + t.skipReason()));
            }
        }
        if (!r.platforms().isEmpty()) {
            out.println("per platform (push puts one image index over them under the tags above):");
            for (ReleaseTags.PlatformTags p : r.platforms()) {
                out.println("  " + p.platform() + "  " + s.bold(p.local()) + (p.references().isEmpty() ? ""
                        : "  pushed as " + String.join(", ", p.references())));
            }
        }
    }
}
