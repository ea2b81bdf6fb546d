package io.ppctl.build;

import io.ppctl.core.PpctlException;
import io.ppctl.docker.DockerSession;
import io.ppctl.docker.ImageDetails;
import io.ppctl.rules.TargetImage;
import io.ppctl.platform.Platform;
import io.ppctl.core.ExitCode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks that an image built for a platform is of that platform. The daemon's classic builder takes a base image held
 * locally whatever its platform (Docker 20.10 builds "for linux/arm64" on an amd64 base without a word), so the
 * platform asked for proves nothing: the image's own config does.
 */
final class ImagePlatform {
    private ImagePlatform() {}

    static void check(Platform wanted, ImageDetails image, BuildPlan plan, DockerSession docker) {
        Optional<Platform> actual = image.platform();
        if (actual.isPresent() && wanted.accepts(actual.get())) {
            return;
        }
        String got = actual.map(Platform::toString).orElse("an image that names no platform");
        List<String> bases = otherPlatformBases(wanted, plan, docker);
        throw PpctlException.checkFailed("the " + wanted + " build made " + got + " (" + TargetImage.shortId(image.id()) + ")"
                + (bases.isEmpty() ? "" : ": its base image " + String.join(", ", bases) + ", and the daemon builds on a "
                + "local base image whatever its platform") + "; " + REMEDY);
    }

    private static final String REMEDY = "give each platform its own base (FROM name:tag-${TARGETARCH}, ppctl passes "
            + "TARGETARCH), or build with --pull so that the daemon fetches the platform's variant";

    /**
     * A failed build of one platform whose base image is held locally only for another platform: engines with a
     * multi-platform image store (Docker's containerd store, Podman) then look for the platform in a registry and
     * fail on that, which hides the cause. Rethrown as that cause (exit 1), or {@code failure} unchanged.
     */
    static PpctlException explain(PpctlException failure, Platform wanted, BuildPlan plan, DockerSession docker) {
        List<String> bases;
        try {
            bases = otherPlatformBases(wanted, plan, docker);
        } catch (PpctlException e) {
            return failure;
        }
        if (bases.isEmpty()) {
            return failure;
        }
        return new PpctlException(ExitCode.CHECK_FAILED, "the " + wanted + " build cannot use its base image "
                + String.join(", ", bases) + " on this machine (the daemon then said: "
                + failure.getMessage().lines().findFirst().orElse("") + ")", REMEDY, failure);
    }

    /** The base images of the Dockerfile that this daemon holds for another platform than {@code wanted}: "REF is linux/amd64". */
    private static List<String> otherPlatformBases(Platform wanted, BuildPlan plan, DockerSession docker) {
        List<String> bases = new ArrayList<>();
        for (String ref : DockerfileImages.of(plan.dockerfileText(), plan.buildArgs()).images()) {
            docker.inspectImage(ref).flatMap(ImageDetails::platform).filter(p -> !wanted.accepts(p))
                    .ifPresent(p -> bases.add(ref + " is " + p));
        }
        return bases;
    }
}
