package io.ppctl.config;

import io.ppctl.core.Quote;

import java.util.Map;

/** {@code image:} what to build and how big it may get. */
public record ImageConfig(String name, String dockerfile, String context, String target,
                          Map<String, String> buildArgs, Long sizeBudget) {

    public static final ImageConfig DEFAULT = new ImageConfig("policy-platform", "Dockerfile", ".", "", Map.of(), null);

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
                r.byteSize("sizeBudget", MAX_SIZE_BUDGET));
        r.finish();
        return c;
    }
}
