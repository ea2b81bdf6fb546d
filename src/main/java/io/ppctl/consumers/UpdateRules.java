package io.ppctl.consumers;

import io.ppctl.version.Version;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The project's rules for moving one consumer to a release, as a pure function of the references found in its
 * files: a version tag older than the release moves to it (and a digest pinned beside it becomes the release's
 * digest); a digest alone becomes the release's digest; moving tags (latest, 1.2) stay; nothing newer is moved
 * back. A consumer that references an older major version is not moved at all unless majors are allowed: the new
 * major is breaking by definition.
 */
public final class UpdateRules {

    public enum Status { UPDATE, UP_TO_DATE, SKIPPED, NO_REFERENCE }

    /** One reference's replacement in one file. */
    public record Edit(String file, ImageReference ref, String replacement) {}

    /**
     * @param from the versions the edited references named before (for the commit message), oldest first
     */
    public record Decision(Status status, String reason, List<Edit> edits, List<String> from, List<String> referenced) {}

    private UpdateRules() {}

    /**
     * @param refs   the references per file (path relative to the repository), in file order
     * @param target the release to move to
     */
    public static Decision decide(Map<String, List<ImageReference>> refs, Version target, VersionTags tags,
                                  ReleaseLookup registry, boolean allowMajor) {
        List<Edit> edits = new ArrayList<>();
        TreeSet<Version> from = new TreeSet<>();
        TreeSet<Version> referenced = new TreeSet<>();
        List<String> olderMajor = new ArrayList<>();
        List<String> unknownDigests = new ArrayList<>();
        List<String> newer = new ArrayList<>();
        TreeSet<String> moving = new TreeSet<>();
        int count = 0;
        for (Map.Entry<String, List<ImageReference>> file : refs.entrySet()) {
            for (ImageReference r : file.getValue()) {
                count++;
                Optional<Version> version = versionOf(r, target, registry);
                version.ifPresent(referenced::add);
                if (r.kind() == ImageReference.Kind.MOVING) {
                    moving.add(r.text());
                    continue;
                }
                if (version.isEmpty()) {
                    unknownDigests.add(r.text());
                    if (allowMajor) {
                        edits.add(new Edit(file.getKey(), r, r.with(null, registry.targetDigest(r.repository()))));
                    }
                    continue;
                }
                Version v = version.get();
                int order = v.compareTo(target);
                if (order > 0) {
                    newer.add(r.text());
                    continue;
                }
                if (v.major() < target.major()) {
                    olderMajor.add(v.toString());
                    if (!allowMajor) {
                        continue;
                    }
                }
                String newTag = r.tag() == null ? null : order == 0 ? r.tag() : tags.next(r.tag(), v, target);
                // The registry is asked even for a tag alone: a consumer is never pointed at a release it does not hold.
                String digest = registry.targetDigest(r.repository());
                String replacement = r.with(newTag, r.digest() == null ? null : digest);
                if (!replacement.equals(r.text())) {
                    edits.add(new Edit(file.getKey(), r, replacement));
                    from.add(v);
                }
            }
        }
        List<String> refd = referenced.stream().map(Version::toString).toList();
        if (count == 0) {
            return new Decision(Status.NO_REFERENCE, "no reference to the image in the selected files", List.of(), List.of(), refd);
        }
        if (!allowMajor && !olderMajor.isEmpty()) {
            return new Decision(Status.SKIPPED, "on " + String.join(", ", new TreeSet<>(olderMajor)) + ", an older major version; "
                    + target + " is a breaking release (--allow-major moves it)", List.of(), List.of(), refd);
        }
        if (!allowMajor && !unknownDigests.isEmpty()) {
            return new Decision(Status.SKIPPED, "pins " + String.join(", ", unknownDigests) + ", which is no release the "
                    + "registry knows, so the major rule cannot be checked (--allow-major moves it)", List.of(), List.of(), refd);
        }
        if (edits.isEmpty()) {
            String why = !newer.isEmpty() ? "references " + String.join(", ", newer) + ", newer than " + target
                    + " (never moved back)" : referenced.isEmpty() ? "only moving tags (" + String.join(", ", moving)
                    + "), which stay as they are" : "already on " + target;
            return new Decision(Status.UP_TO_DATE, why, List.of(), List.of(), refd);
        }
        return new Decision(Status.UPDATE, null, List.copyOf(edits), from.stream().map(Version::toString).toList(), refd);
    }

    /** The version a reference names: its tag's, or for a digest alone the release the registry has under that digest. */
    private static Optional<Version> versionOf(ImageReference r, Version target, ReleaseLookup registry) {
        return switch (r.kind()) {
            case VERSION -> r.tagVersion();
            case DIGEST -> r.digest().equals(registry.targetDigest(r.repository())) ? Optional.of(target)
                    : registry.versionOf(r.repository(), r.digest());
            case MOVING -> Optional.empty();
        };
    }

    /** {@code text} with the edits of one file applied; every other byte stays. */
    public static String apply(String text, List<Edit> edits) {
        StringBuilder out = new StringBuilder(text.length() + 64);
        int at = 0;
        for (Edit e : edits.stream().sorted(java.util.Comparator.comparingInt(x -> x.ref().start())).toList()) {
            out.append(text, at, e.ref().start()).append(e.replacement());
            at = e.ref().end();
        }
        return out.append(text, at, text.length()).toString();
    }
}
