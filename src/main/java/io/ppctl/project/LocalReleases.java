package io.ppctl.project;

import io.ppctl.config.PpctlConfig;
import io.ppctl.config.RegistryConfig;
import io.ppctl.docker.LocalImages;
import io.ppctl.platform.Platform;
import io.ppctl.version.Version;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Released versions the daemon holds: local tags that are versions, under image.name or a registry's repository
 * (a release pulled from GHCR counts as much as one built here). Git tags name versions too, but only a local
 * image has a size to compare with.
 */
public final class LocalReleases {
    /** A version found locally: {@code reference} points at {@code imageId}, {@code size} bytes. */
    public record LocalRelease(Version version, String reference, String imageId, long size) {}

    private LocalReleases() {}

    /** Where a release's image lives locally: image.name, then each registry's repository. */
    public static List<String> repositories(PpctlConfig config) {
        Set<String> out = new LinkedHashSet<>();
        out.add(config.image().name());
        config.registries().stream().map(RegistryConfig::repository).forEach(out::add);
        return List.copyOf(out);
    }

    public static List<LocalRelease> find(LocalImages images, PpctlConfig config) {
        List<LocalRelease> out = new ArrayList<>();
        for (String repository : repositories(config)) {
            for (LocalImages.LocalTag t : images.tags(repository)) {
                if (Platform.isPlatformTag(t.tag())) {
                    continue;
                }
                Version.parse(t.tag()).ifPresent(v -> out.add(new LocalRelease(v, t.reference(), t.imageId(), t.size())));
            }
        }
        return out;
    }

    /** The release to compare a new build with: the newest version older than {@code current}. */
    public static Optional<LocalRelease> previous(List<LocalRelease> releases, Version current) {
        return releases.stream().filter(r -> r.version().compareTo(current) < 0)
                .max(Comparator.comparing(LocalRelease::version));
    }

    /** The newest stable version held locally: a stable version older than it must not take latest. */
    public static Optional<Version> newestStable(List<LocalRelease> releases) {
        return releases.stream().map(LocalRelease::version).filter(Version::isStable).max(Comparator.naturalOrder());
    }
}
