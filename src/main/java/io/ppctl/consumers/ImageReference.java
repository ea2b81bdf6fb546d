package io.ppctl.consumers;

import io.ppctl.version.Version;

import java.util.Optional;

/**
 * One reference to the released image inside a consumer's file, as written: {@code repo:v1.2.3},
 * {@code repo:v1.2.3@sha256:...}, {@code repo@sha256:...} or a moving tag such as {@code repo:1.2}.
 *
 * @param start      offset of the first character of the reference in the file's text
 * @param end        offset just after it
 * @param line       1-based line number, for messages and diffs
 * @param repository the configured registry repository it names (the written name may add docker.io/)
 * @param tag        the tag as written, or null
 * @param digest     the digest as written (sha256:...), or null
 */
public record ImageReference(int start, int end, int line, String repository, String written, String tag, String digest) {

    /** How a reference moves with a release. */
    public enum Kind {
        /** A full version tag, optionally pinned by digest: moves to the new version. */
        VERSION,
        /** Only a digest: moves to the new release's digest. */
        DIGEST,
        /** latest, 1.2, sha-1a2b3c4: names no single release by version, stays as written. */
        MOVING
    }

    public Kind kind() {
        if (tag != null && Version.parse(tag).isPresent()) {
            return Kind.VERSION;
        }
        return tag == null && digest != null ? Kind.DIGEST : Kind.MOVING;
    }

    /** The version of a version tag. */
    public Optional<Version> tagVersion() {
        return kind() == Kind.VERSION ? Version.parse(tag) : Optional.empty();
    }

    /** The reference's text with another tag and digest, the name kept exactly as written. */
    public String with(String newTag, String newDigest) {
        return written + (newTag == null ? "" : ":" + newTag) + (newDigest == null ? "" : "@" + newDigest);
    }

    /** As written in the file. */
    public String text() {
        return with(tag, digest);
    }
}
