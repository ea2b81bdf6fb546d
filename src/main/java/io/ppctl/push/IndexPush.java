package io.ppctl.push;

import io.ppctl.core.ExitCode;
import io.ppctl.core.PpctlException;
import io.ppctl.docker.DockerSession;
import io.ppctl.event.EventBus;
import io.ppctl.rules.TargetImage;
import io.ppctl.platform.Platform;
import io.ppctl.project.ReleaseTags;
import io.ppctl.registry.ImageIndex;
import io.ppctl.registry.Manifest;
import io.ppctl.registry.RegistryClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The push of a multi-platform build. Per registry: the daemon pushes each platform's image under a tag of its own
 * ({@link #platformTag}: the carrier plus the platform, e.g. sha-1a2b3c4-linux-arm64), ppctl reads back each manifest
 * and checks that its config is of that platform, then puts one OCI image index naming them all under the release's
 * tags: fixed ones first (a version tag checked right before and read back after, as {@link GuardedTags} does), moving
 * ones last. No release tag moves before every platform's image is in the registry, and a registry that refuses the
 * index leaves every release tag where it was.
 */
final class IndexPush {
    private IndexPush() {}

    /** Pushes one tag through the daemon and returns what the registry serves for it. */
    interface DaemonPush {
        PushResult.PushedTag push(RegistryClient client, PushPlan.Target target, String tag);
    }

    /** The tag a platform's image is pushed under ({@link ReleaseTags#platformTag}). */
    static String platformTag(PushPlan.Target target, PushPlan plan, String version, Platform platform) {
        String carrier = target.fixedTags().stream().filter(t -> !plan.versionTags().contains(t)).findFirst().orElse(null);
        return ReleaseTags.platformTag(carrier, version, platform);
    }

    /** Everything pushed to one registry: each platform's image, then the index under every release tag. */
    record Pushed(List<PushResult.PlatformImage> platforms, Manifest index, List<PushResult.PushedTag> tags) {}

    static Pushed push(EventBus events, DockerSession docker, RegistryClient client, PushPlan plan, PushPlan.Target target,
                       String version, List<TargetImage> images, DaemonPush daemon, boolean allowOverwrite) {
        List<ImageIndex.Entry> entries = new ArrayList<>();
        List<PushResult.PlatformImage> platforms = new ArrayList<>();
        String repository = target.registry().repository();
        for (TargetImage image : images) {
            Platform platform = image.platform();
            String tag = platformTag(target, plan, version, platform);
            docker.tag(image.id(), repository, tag);
            PushResult.PushedTag pushed = daemon.push(client, target, tag);
            Manifest served = client.manifest(pushed.digest()).orElseThrow(() -> PpctlException.environment(client.label()
                    + " does not serve " + pushed.digest() + " right after the daemon pushed it", null, null));
            Manifest manifest = ImageIndex.platformManifest(client, served, platform);
            Optional<Platform> config = ImageIndex.configPlatform(client, manifest);
            if (config.isEmpty() || !platform.accepts(config.get())) {
                throw new PpctlException(ExitCode.CHECK_FAILED, repository + "@" + manifest.digest() + " (pushed for " + platform
                        + ") is " + config.map(Platform::toString).orElse("of no platform") + " by its config; no release tag "
                        + "was moved", "build again: ppctl build checks each image's platform", null);
            }
            entries.add(ImageIndex.entry(manifest, platform));
            platforms.add(new PushResult.PlatformImage(target.registry().name(), platform.toString(),
                    target.reference(tag), manifest.digest()));
            events.log("push", platform + ": " + repository + "@" + manifest.digest());
        }
        Manifest index = ImageIndex.of(entries);
        events.log("push", "image index " + index.digest() + " over " + Platform.join(images.stream().map(TargetImage::platform).toList()));
        List<PushResult.PushedTag> tags = new ArrayList<>();
        for (String tag : target.ordered()) {
            try {
                tags.add(plan.versionTags().contains(tag)
                        ? GuardedTags.putVersionTag(events, client, target, tag, index, allowOverwrite)
                        : GuardedTags.putTag(events, client, target, tag, index));
            } catch (PpctlException e) {
                if (!tags.isEmpty() || e.exitCode() != ExitCode.ENVIRONMENT) {
                    throw e;
                }
                // The first put is where a registry that takes no indexes says so: nothing of the release moved yet.
                throw new PpctlException(ExitCode.ENVIRONMENT, client.label() + " did not take the image index for "
                        + target.reference(tag) + ": " + e.getMessage() + "; no release tag was moved (each platform's image "
                        + "is under its own tag: " + String.join(", ", platforms.stream().map(PushResult.PlatformImage::reference)
                        .toList()) + ")", "a registry that serves multi-platform images takes OCI image indexes "
                        + "(application/vnd.oci.image.index.v1+json); or release one platform (--platform)", e);
            }
        }
        return new Pushed(List.copyOf(platforms), index, List.copyOf(tags));
    }
}
