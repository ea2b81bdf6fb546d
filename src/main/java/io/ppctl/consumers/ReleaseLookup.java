package io.ppctl.consumers;

import io.ppctl.version.Version;

import java.util.Optional;

/** What the registries say about the releases, as the update rules need it; a test hands in a table. */
public interface ReleaseLookup {
    /**
     * The manifest digest the target release has in {@code repository}, as the registry serves it; throws a
     * PpctlException (exit 1) when the registry does not hold the release, exit 3 when it cannot be asked.
     */
    String targetDigest(String repository);

    /** Which released version {@code digest} is in {@code repository}, when the registry can tell. */
    Optional<Version> versionOf(String repository, String digest);
}
