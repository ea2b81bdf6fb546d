package io.ppctl.platform;

import io.ppctl.core.Quote;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An image platform as OCI image indexes and the Docker API name it: {@code os/architecture[/variant]}, normalized the
 * way containerd does (aarch64 is arm64, x86_64 is amd64, arm64/v8 is arm64, armhf is arm/v7), so that what a user
 * writes, what a daemon reports and what an index entry says compare equal. ppctl builds Linux images only: the
 * policy-platform tools are Linux binaries.
 */
public record Platform(String os, String architecture, String variant) {
    /** The architectures Go (and so kyverno, pluto, helm, Trivy) builds Linux binaries for, by their OCI names. */
    static final Set<String> ARCHITECTURES = Set.of("amd64", "arm64", "arm", "386", "ppc64le", "s390x", "riscv64",
            "mips64le", "loong64");
    private static final Map<String, String> ALIASES = Map.of("x86_64", "amd64", "x86-64", "amd64", "aarch64", "arm64",
            "i386", "386", "i686", "386", "armhf", "arm", "armel", "arm");
    private static final Map<String, List<String>> VARIANTS = Map.of("arm", List.of("v5", "v6", "v7", "v8"),
            "arm64", List.of("v8", "v9"), "amd64", List.of("v1", "v2", "v3", "v4"));

    public Platform {
        variant = variant == null || variant.isEmpty() ? null : variant;
    }

    /** Thrown by {@link #parse} with a message that says what is wrong and what would be right. */
    public static final class InvalidException extends IllegalArgumentException {
        InvalidException(String message) {
            super(message);
        }
    }

    /** {@code linux/arm64}, {@code linux/arm/v7}, aliases accepted ({@code linux/aarch64}); throws {@link InvalidException}. */
    public static Platform parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        String[] parts = t.split("/", -1);
        if (t.isEmpty() || parts.length < 2 || parts.length > 3 || List.of(parts).contains("")) {
            throw new InvalidException(quote(text) + " is not a platform: write os/architecture[/variant], e.g. linux/amd64 or linux/arm64");
        }
        if (!parts[0].equals("linux")) {
            throw new InvalidException(quote(text) + ": ppctl builds Linux images only (os linux, not " + parts[0] + ")");
        }
        String arch = ALIASES.getOrDefault(parts[1], parts[1]);
        String variant = parts.length == 3 ? parts[2] : null;
        if (parts[1].equals("armhf") && variant == null) {
            variant = "v7";
        } else if (parts[1].equals("armel") && variant == null) {
            variant = "v6";
        }
        if (!ARCHITECTURES.contains(arch)) {
            throw new InvalidException(quote(text) + ": unknown architecture " + parts[1] + " (one of "
                    + String.join(", ", ARCHITECTURES.stream().sorted().toList()) + ")");
        }
        if (variant != null && !VARIANTS.getOrDefault(arch, List.of()).contains(variant)) {
            throw new InvalidException(quote(text) + ": " + arch + " has no variant " + variant
                    + (VARIANTS.containsKey(arch) ? " (one of " + String.join(", ", VARIANTS.get(arch)) + ")" : " (it takes none)"));
        }
        return normalized(arch, variant);
    }

    /**
     * The platforms of a comma-separated list or of several values (--platform linux/amd64,linux/arm64), each parsed,
     * in the order given; a platform named twice is a mistake worth saying.
     */
    public static List<Platform> parseList(List<String> values) {
        Set<Platform> out = new LinkedHashSet<>();
        for (String value : values) {
            for (String one : value.split(",", -1)) {
                Platform p = parse(one);
                if (!out.add(p)) {
                    throw new InvalidException(p + " is named twice");
                }
            }
        }
        return List.copyOf(out);
    }

    /** What a daemon reports (Docker's /info: {@code x86_64}; an image: {@code amd64}), as a platform; empty when unknown. */
    public static Optional<Platform> of(String os, String architecture, String variant) {
        if (architecture == null || architecture.isBlank()) {
            return Optional.empty();
        }
        String arch = ALIASES.getOrDefault(architecture.toLowerCase(Locale.ROOT), architecture.toLowerCase(Locale.ROOT));
        String v = variant == null || variant.isBlank() ? null : variant.toLowerCase(Locale.ROOT);
        if (architecture.equalsIgnoreCase("armhf") && v == null) {
            v = "v7";
        }
        return Optional.of(normalized(arch, v).withOs(os == null || os.isBlank() ? "linux" : os.toLowerCase(Locale.ROOT)));
    }

    private static Platform normalized(String arch, String variant) {
        // containerd's Normalize: arm64's only common variant is its default; arm defaults to v7; amd64/v1 is amd64.
        if (arch.equals("arm64") && "v8".equals(variant)) {
            variant = null;
        } else if (arch.equals("amd64") && "v1".equals(variant)) {
            variant = null;
        } else if (arch.equals("arm") && variant == null) {
            variant = "v7";
        }
        return new Platform("linux", arch, variant);
    }

    private Platform withOs(String os) {
        return new Platform(os, architecture, variant);
    }

    /**
     * Whether an image that says it is {@code other} serves this platform. An image without a variant (the classic
     * builder records none) is taken for the platform's default variant.
     */
    public boolean accepts(Platform other) {
        if (!os.equals(other.os) || !architecture.equals(other.architecture)) {
            return false;
        }
        return other.variant == null || variant == null || variant.equals(other.variant);
    }

    /** {@code linux-arm64}, {@code linux-arm-v7}: the platform as part of a tag. */
    public String tagSuffix() {
        return os + "-" + architecture + (variant == null ? "" : "-" + variant);
    }

    /**
     * Whether a tag names one platform's image of a multi-platform build (v1.2.3-linux-arm64, sha-1a2b3c4-linux-amd64):
     * such a tag is not a release of its own, even when the rest reads as a version.
     */
    public static boolean isPlatformTag(String tag) {
        int at = tag.lastIndexOf("-linux-");
        if (at < 0) {
            return false;
        }
        String[] rest = tag.substring(at + "-linux-".length()).split("-", -1);
        return ARCHITECTURES.contains(rest[0]) && (rest.length == 1
                || rest.length == 2 && VARIANTS.getOrDefault(rest[0], List.of()).contains(rest[1]));
    }

    /** The build args BuildKit sets for a platform, by name; the classic builder leaves them to the caller. */
    public Map<String, String> targetArgs() {
        return Map.of("TARGETPLATFORM", toString(), "TARGETOS", os, "TARGETARCH", architecture,
                "TARGETVARIANT", variant == null ? "" : variant);
    }

    @Override
    public String toString() {
        return os + "/" + architecture + (variant == null ? "" : "/" + variant);
    }

    /** The platforms as text, for messages: "linux/amd64, linux/arm64". */
    public static String join(List<Platform> platforms) {
        List<String> names = new ArrayList<>();
        platforms.forEach(p -> names.add(p.toString()));
        return String.join(", ", names);
    }

    private static String quote(String text) {
        return Quote.of(text == null ? "" : text);
    }
}
