package io.ppctl.pipeline;

import io.ppctl.core.ExitCode;
import io.ppctl.core.PpctlException;
import io.ppctl.docker.ImageDetails;
import io.ppctl.project.BuildRecord;

import java.util.Optional;

/**
 * The image a step works on: the one `ppctl build` produced in this run or last recorded, or the one named
 * with --image. Resolved to its ID once, so a tag moving meanwhile changes nothing.
 */
public record TargetImage(String reference, String id, String source, ImageDetails details) {
    public static final Key<TargetImage> KEY = Key.of("image", TargetImage.class);

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
        BuildRecord last = BuildRecord.load(ctx.project()).orElseThrow(() -> PpctlException.usage(
                "no image to work on: run 'ppctl build' first, or name one with --image REF"));
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
