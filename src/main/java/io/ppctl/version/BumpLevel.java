package io.ppctl.version;

import java.util.Locale;

/** The project's rules: major = breaking (tool upgrades, policy structure), minor = new repos or tools, patch = the rest. */
public enum BumpLevel {
    PATCH, MINOR, MAJOR;

    public static BumpLevel max(BumpLevel a, BumpLevel b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    public String lower() {
        return name().toLowerCase(Locale.ROOT);
    }
}
