package io.ppctl.rules;

import io.ppctl.core.ExitCode;
import io.ppctl.core.PpctlException;
import io.ppctl.docker.ImageDetails;
import io.ppctl.pipeline.Key;
import io.ppctl.pipeline.StepContext;
import io.ppctl.platform.Platform;
import io.ppctl.project.BuildRecord;
import io.ppctl.project.Project;
import io.ppctl.version.DockerReference;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The image a step works on: the one `ppctl build` produced in this run or last recorded, or the one named
 * with --image. Resolved to its ID once, so a tag moving meanwhile changes nothing.
 */
public record TargetImage(String reference, String id, String source, ImageDetails details, Platform platform) {
    public static final Key<TargetImage> KEY = Key.of("image", TargetImage.class);
    /** The images of a multi-platform build, one per platform in the build's order: the gates run on each. */
    public static final Key<PerPlatform> PLATFORMS = Key.of("images per platform", PerPlatform.class);

    public record PerPlatform(List<TargetImage> images) {
        public PerPlatform {
            images = List.copyOf(images);
        }
    }

    public TargetImage(String reference, String id, String source, ImageDetails details) {
        this(reference, id, source, details, null);
    }

    /** "policy-platform:v1.2.0 (linux/arm64)", or the reference alone for a single-platform image. */
    public String describe() {
        return platform == null ? reference : reference + " (" + platform + ")";
    }
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

    /**
     * The images a command works on: with --image that one; else the images of this run's or the last build, one
     * per platform when it built several (they are then also put in the context, for the gates to run on each).
     */
    public static List<TargetImage> resolveAll(StepContext ctx, String imageOption) {
        if (imageOption != null && !imageOption.isBlank()) {
            return List.of(resolve(ctx, imageOption));
        }
        Optional<PerPlatform> inRun = ctx.get(PLATFORMS);
        if (inRun.isPresent()) {
            return inRun.get().images();
        }
        if (ctx.get(KEY).isPresent()) {
            return List.of(ctx.get(KEY).get());
        }
        Optional<BuildRecord> last = BuildRecord.load(ctx.project());
        if (last.isEmpty() || last.get().platforms().isEmpty()) {
            return List.of(resolve(ctx, null));
        }
        List<TargetImage> images = new ArrayList<>();
        for (BuildRecord.PlatformImage pi : last.get().platforms()) {
            ImageDetails d = ctx.docker().inspectImage(pi.imageId()).orElseThrow(() -> new PpctlException(ExitCode.ENVIRONMENT,
                    "the " + pi.platform() + " image of the last build (" + shortId(pi.imageId()) + ", " + last.get().version()
                            + ") no longer exists locally; run 'ppctl build' again", null, null));
            images.add(new TargetImage(last.get().imageName() + ":" + last.get().version(), d.id(), "last build", d,
                    Platform.parse(pi.platform())));
        }
        ctx.put(PLATFORMS, new PerPlatform(images));
        ctx.put(KEY, primary(images, last.get().imageId()));
        return List.copyOf(images);
    }

    /**
     * For a command that runs the gates on its own (smoke-test, integration-test, scan): without --image, when the last
     * build made one image per platform, the gates run on each of them.
     */
    public static void usePlatformsOfLastBuild(StepContext ctx, String imageOption) {
        if ((imageOption == null || imageOption.isBlank()) && ctx.get(PLATFORMS).isEmpty()
                && BuildRecord.load(ctx.project()).map(r -> !r.platforms().isEmpty()).orElse(false)) {
            resolveAll(ctx, null);
        }
    }

    /** The image of a multi-platform build that stands for it where one is needed: the one with {@code primaryId}. */
    private static TargetImage primary(List<TargetImage> images, String primaryId) {
        return images.stream().filter(i -> i.id().equals(primaryId)).findFirst().orElse(images.get(0));
    }

    public static String shortId(String id) {
        String bare = id.startsWith("sha256:") ? id.substring(7) : id;
        return bare.length() > 12 ? bare.substring(0, 12) : bare;
    }
}
