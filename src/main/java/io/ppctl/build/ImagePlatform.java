package io.ppctl.build;

import io.ppctl.core.PpctlException;
import io.ppctl.docker.DockerSession;
import io.ppctl.docker.ImageDetails;
import io.ppctl.pipeline.TargetImage;
import io.ppctl.platform.Platform;

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
        List<String> bases = new ArrayList<>();
        for (String ref : DockerfileImages.of(plan.dockerfileText(), plan.buildArgs()).images()) {
            docker.inspectImage(ref).flatMap(ImageDetails::platform).filter(p -> !wanted.accepts(p))
                    .ifPresent(p -> bases.add(ref + " is " + p));
        }
        throw PpctlException.checkFailed("the " + wanted + " build made " + got + " (" + TargetImage.shortId(image.id()) + ")"
                + (bases.isEmpty() ? "" : ": its base image " + String.join(", ", bases) + ", and the daemon builds on a "
                + "local base image whatever its platform")
                + "; give each platform its own base (FROM name:tag-${TARGETARCH}, ppctl passes TARGETARCH), or build with "
                + "--pull so that the daemon fetches the platform's variant");
    }
}
