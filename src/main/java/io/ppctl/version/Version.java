package io.ppctl.version;

import io.ppctl.core.Quote;
import org.semver4j.Semver;

import java.util.List;
import java.util.Optional;

/**
 * A release version as written in VERSION: a strict semantic version with an optional "v" prefix that is
 * kept as written, so that v1.0.2 stays v1.0.2 and 1.0.2 stays 1.0.2 across bumps and tags.
 */
public final class Version implements Comparable<Version> {
    private final String prefix;
    private final Semver semver;

    private Version(String prefix, Semver semver) {
        this.prefix = prefix;
        this.semver = semver;
    }

    /** Parses strictly: 1.x, v1.2 and 01.2.3 are not versions. */
    public static Optional<Version> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.trim();
        String prefix = "";
        if (t.startsWith("v") || t.startsWith("V")) {
            prefix = t.substring(0, 1);
            t = t.substring(1);
        }
        if (!t.matches("\\d.*")) {
            return Optional.empty();
        }
        Semver s = Semver.parse(t);
        return s == null ? Optional.empty() : Optional.of(new Version(prefix, s));
    }

    public static Version of(String text) {
        return parse(text).orElseThrow(() -> new IllegalArgumentException("not a semantic version: " + text));
    }

    /** Why {@code text} is not a version, for messages: "'v1.2' is not a semantic version (expected MAJOR.MINOR.PATCH, e.g. v1.0.2)". */
    public static String explainInvalid(String text) {
        return Quote.of(text.trim()) + " is not a semantic version (expected MAJOR.MINOR.PATCH such as v1.0.2 or 1.3.0-rc.1)";
    }

    public String prefix() {
        return prefix;
    }

    public int major() {
        return semver.getMajor();
    }

    public int minor() {
        return semver.getMinor();
    }

    public int patch() {
        return semver.getPatch();
    }

    /** Pre-release identifiers, e.g. [rc, 1]; empty for a stable version. */
    public List<String> preRelease() {
        return semver.getPreRelease();
    }

    public boolean isStable() {
        return semver.getPreRelease().isEmpty();
    }

    /** The version without the prefix, e.g. 1.3.0-rc.1. */
    public String bare() {
        return semver.getVersion();
    }

    /** Same numbers, another prefix style. */
    public Version withPrefix(String newPrefix) {
        return new Version(newPrefix, semver);
    }

    /** The stable version this is a pre-release of (or itself). */
    public Version release() {
        return new Version(prefix, Semver.of(major(), minor(), patch()));
    }

    /**
     * The next version at {@code level}, npm style: bumping a pre-release whose base already is the target
     * (1.3.0-rc.2 at minor) releases that base instead of skipping it. With {@code preId} ("rc") the result is
     * a pre-release: the first one of the target (1.3.0-rc.1), or the next one when this already is a
     * pre-release of the same target with the same identifier (rc.1 to rc.2).
     */
    public Version bump(BumpLevel level, String preId) {
        Version target = switch (level) {
            case MAJOR -> !isStable() && minor() == 0 && patch() == 0 ? release() : numbers(major() + 1, 0, 0);
            case MINOR -> !isStable() && patch() == 0 ? release() : numbers(major(), minor() + 1, 0);
            case PATCH -> !isStable() ? release() : numbers(major(), minor(), patch() + 1);
        };
        if (preId == null || preId.isEmpty()) {
            return target;
        }
        List<String> pre = preRelease();
        if (!isStable() && release().equals(target) && pre.size() == 2 && pre.get(0).equals(preId) && pre.get(1).matches("\\d+")) {
            return target.withPre(preId + "." + (Integer.parseInt(pre.get(1)) + 1));
        }
        return target.withPre(preId + ".1");
    }

    private Version numbers(int major, int minor, int patch) {
        return new Version(prefix, Semver.of(major, minor, patch));
    }

    private Version withPre(String pre) {
        return new Version(prefix, Semver.parse(major() + "." + minor() + "." + patch() + "-" + pre));
    }

    /** Semantic-version precedence; the prefix does not count. */
    @Override
    public int compareTo(Version o) {
        return semver.compareTo(o.semver);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Version v && v.prefix.equals(prefix) && v.bare().equals(bare());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    /** As written: v1.0.2. */
    @Override
    public String toString() {
        return prefix + semver.getVersion();
    }
}
