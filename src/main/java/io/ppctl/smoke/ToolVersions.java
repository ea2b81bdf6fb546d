package io.ppctl.smoke;

import io.ppctl.version.BumpAdvisor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the policy platform's tools print for {@code <tool> version}, and the versions the Dockerfile pins.
 * Real output, as recorded in src/test/resources/fixtures/tool-output/README.md:
 * <ul>
 *   <li>kyverno: {@code Version: 1.12.5} / {@code Time: ...} / {@code Git commit ID: ...} (no leading v)</li>
 *   <li>helm: {@code version.BuildInfo{Version:"v3.19.0", GitCommit:"...", GitTreeState:"clean", GoVersion:"go1.24.7"}}</li>
 *   <li>pluto: {@code Version:5.22.0 Commit:...}</li>
 * </ul>
 * One pattern reads all three: "Version:" not preceded by a letter (so not GoVersion or KubeClientVersion),
 * optional spaces and quote, then the version. Comparisons ignore a leading "v" on either side.
 */
public final class ToolVersions {
    /** The tools whose version the Dockerfile may pin, with the ARG that pins each. */
    public static final Map<String, String> PINNED_BY = pinArgs();
    private static final Pattern VERSION = Pattern.compile("(?<![A-Za-z])Version:\\s*\"?(v?\\d[0-9A-Za-z.+-]*)");

    private ToolVersions() {}

    private static Map<String, String> pinArgs() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("kyverno", "KYVERNO_VERSION");
        m.put("pluto", "PLUTO_VERSION");
        m.put("helm", "HELM_VERSION");
        return m;
    }

    /** The version a tool printed, as printed (with or without its v). */
    public static Optional<String> printed(String output) {
        Matcher m = VERSION.matcher(output == null ? "" : output);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    public static boolean same(String a, String b) {
        return bare(a).equals(bare(b));
    }

    /** The pin checks for the tools the Dockerfile text pins, in kyverno, pluto, helm order. */
    public static List<SmokeCheck.VersionPin> pins(String dockerfileText) {
        Map<String, String> args = BumpAdvisor.toolVersions(dockerfileText);
        List<SmokeCheck.VersionPin> out = new ArrayList<>();
        PINNED_BY.forEach((tool, arg) -> {
            String v = args.get(arg);
            if (v != null && !v.isBlank() && !v.contains("$")) {
                out.add(new SmokeCheck.VersionPin(tool, arg, v));
            }
        });
        return out;
    }

    private static String bare(String v) {
        String t = v.trim();
        return t.startsWith("v") || t.startsWith("V") ? t.substring(1) : t;
    }
}
