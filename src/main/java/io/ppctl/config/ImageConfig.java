package io.ppctl.config;

import io.ppctl.core.Quote;
import io.ppctl.platform.Platform;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code image:} what to build and how big it may get. {@code platforms}: the platforms one release serves (an OCI
 * image index over one image per platform); empty means the daemon's own platform, a single image as before.
 */
public record ImageConfig(String name, String dockerfile, String context, String target,
                          Map<String, String> buildArgs, Long sizeBudget, List<Platform> platforms) {

    public static final ImageConfig DEFAULT = new ImageConfig("policy-platform", "Dockerfile", ".", "", Map.of(), null, List.of());

    public ImageConfig {
        platforms = platforms == null ? List.of() : List.copyOf(platforms);
    }

    /** Far above any image a registry takes; a larger budget is a typo. */
    static final long MAX_SIZE_BUDGET = 1_000_000_000_000L;

    static ImageConfig read(ConfigReader r) {
        String name = r.string("name", DEFAULT.name());
        if (!name.matches("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*")) {
            r.problem("name", Quote.of(name) + " is not a valid image name (lower-case letters, digits, '.', '_', '-', '/')");
        }
        ImageConfig c = new ImageConfig(
                name,
                r.string("dockerfile", DEFAULT.dockerfile()),
                r.string("context", DEFAULT.context()),
                r.string("target", DEFAULT.target()),
                r.stringMap("buildArgs"),
                r.byteSize("sizeBudget", MAX_SIZE_BUDGET),
                platforms(r));
        r.finish();
        return c;
    }

    /** Each entry parsed on its own, so that every bad one is reported with its position. */
    private static List<Platform> platforms(ConfigReader r) {
        List<String> raw = r.stringList("platforms", List.of(), false);
        Set<Platform> out = new LinkedHashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            try {
                Platform p = Platform.parse(raw.get(i));
                if (!out.add(p)) {
                    r.problemAtItem("platforms", i, p + " is listed twice");
                }
            } catch (Platform.InvalidException e) {
                r.problemAtItem("platforms", i, e.getMessage());
            }
        }
        return new ArrayList<>(out);
    }
}
