package io.ppctl.build;

import io.ppctl.context.ContextDigest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What the daemon builds an image from besides the context, digested (the "recipe"): the Dockerfile, the stage
 * built, the build args, the labels and the IDs of the base images. When the recipe and the context's digest equal
 * those of the last build and its image still exists, asking the daemon again would only upload the context for it
 * to find every step in its cache and answer with that same image; `ppctl build` reuses it instead. The recipe is
 * compared first because it is cheap: after a new commit the labels differ and the context is not even walked.
 *
 * <p>Reuse is never tried with --no-cache or --pull (a fresh build is asked for), nor when the Dockerfile's inputs
 * cannot be known from here (see {@link DockerfileImages}); then {@link #recipe} is null and {@link #notReusable}
 * says why.
 */
record BuildInputs(String recipe, String notReusable) {
    private static final String SCHEMA = "ppctl build inputs v1";

    static BuildInputs notReusable(String why) {
        return new BuildInputs(null, why);
    }

    /**
     * @param plan    the build
     * @param imageId the local image ID of a reference, empty when the daemon has no such image
     */
    static BuildInputs of(BuildPlan plan, Function<String, Optional<String>> imageId) {
        if (plan.noCache() || plan.pull()) {
            return notReusable(plan.noCache() ? "--no-cache" : "--pull");
        }
        String dockerfile = plan.dockerfileText();
        DockerfileImages.Found images = DockerfileImages.of(dockerfile, plan.buildArgs());
        if (images.unknowable() != null) {
            return notReusable(images.unknowable());
        }
        MessageDigest d = ContextDigest.sha256();
        field(d, "schema", SCHEMA);
        field(d, "dockerfile", plan.contextDir().toAbsolutePath().normalize().relativize(plan.dockerfile().toAbsolutePath().normalize()).toString());
        field(d, "dockerfile content", dockerfile);
        field(d, "target", plan.target());
        if (plan.platform() != null) {
            // Absent for a build of the daemon's own platform, so that records made before platforms existed still match.
            field(d, "platform", plan.platform().toString());
        }
        new TreeMap<>(plan.buildArgs()).forEach((k, v) -> field(d, "arg " + k, v));
        new TreeMap<>(plan.labels()).forEach((k, v) -> field(d, "label " + k, v));
        for (String image : images.images()) {
            Optional<String> id = imageId.apply(image);
            if (id.isEmpty()) {
                return notReusable("the base image " + image + " is not on this machine");
            }
            field(d, "image " + image, id.get());
        }
        return new BuildInputs(HexFormat.of().formatHex(d.digest()), null);
    }

    private static void field(MessageDigest d, String name, String value) {
        d.update((name + "\0" + (value == null ? "\1" : value) + "\0").getBytes(StandardCharsets.UTF_8));
    }
}
