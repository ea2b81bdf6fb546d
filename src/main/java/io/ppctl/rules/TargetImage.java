package io.ppctl.rules;

import io.ppctl.core.ExitCode;
import io.ppctl.core.PpctlException;
import io.ppctl.docker.ImageDetails;
import io.ppctl.pipeline.Key;
import io.ppctl.pipeline.StepContext;
import io.ppctl.project.BuildRecord;
import io.ppctl.project.Project;
import io.ppctl.version.DockerReference;

import java.util.Optional;

/**
 * The image a step works on: the one `ppctl build` produced in this run or last recorded, or the one named
 * with --image. Resolved to its ID once, so a tag moving meanwhile changes nothing.
 */
public record TargetImage(String reference, String id, String source, ImageDetails details) {
    public static final Key<TargetImage> KEY = Key.of("image", TargetImage.class);
    static final String NOTHING_BUILT = "no image to work on: run 'ppctl build' first, or name one with --image REF";

    /**
     * What a command checks before it opens the Docker connection: a --image value must be an image reference or
     * ID, and without one there must be a last build to work on. Bad input is then one line (exit 2), not a step
     * that starts and fails.
     */
    public static void checkOption(Project project, String imageOption) {
        if (imageOption != null && !imageOption.isBlank()) {
            DockerReference.imageReferenceProblem(imageOption).ifPresent(p -> {
                throw PpctlException.usage("--image: " + p);
            });
        } else if (BuildRecord.load(project).isEmpty()) {
            throw PpctlException.usage(NOTHING_BUILT);
        }
    }

    /**
     * {@code imageOption} is the --image value or null. The result is kept in the context, so the next steps of the
     * same run (and the gate record) see the very same image.
     */
    public static TargetImage resolve(StepContext ctx, String imageOption) {
        TargetImage image = find(ctx, imageOption);
        ctx.put(KEY, image);
        return image;
    }

    private static TargetImage find(StepContext ctx, String imageOption) {
        if (imageOption != null && !imageOption.isBlank()) {
            ImageDetails d = ctx.docker().inspectImage(imageOption).orElseThrow(() -> new PpctlException(ExitCode.ENVIRONMENT,
                    "image " + imageOption + " is not available locally (build it with ppctl build, or pull it first)", null, null));
            return new TargetImage(imageOption, d.id(), "--image", d);
        }
        Optional<TargetImage> inRun = ctx.get(KEY);
        if (inRun.isPresent()) {
            return inRun.get();
        }
        BuildRecord last = BuildRecord.load(ctx.project()).orElseThrow(() -> PpctlException.usage(NOTHING_BUILT));
        ImageDetails d = ctx.docker().inspectImage(last.imageId()).orElseThrow(() -> new PpctlException(ExitCode.ENVIRONMENT,
                "the image of the last build (" + shortId(last.imageId()) + ", " + last.version()
                        + ") no longer exists locally; run 'ppctl build' again", null, null));
        return new TargetImage(last.imageName() + ":" + last.version(), d.id(), "last build", d);
    }

    public static String shortId(String id) {
        String bare = id.startsWith("sha256:") ? id.substring(7) : id;
        return bare.length() > 12 ? bare.substring(0, 12) : bare;
    }
}
