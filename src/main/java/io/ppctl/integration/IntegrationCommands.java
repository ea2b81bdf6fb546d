package io.ppctl.integration;

import io.ppctl.config.IntegrationCase;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The commands an integration case runs inside the image. Values from the config never pass through a shell
 * parser: helm is exec'd directly with one argument per value, and the two pipelines ({@code cat | kyverno} and
 * {@code cat | pluto}, needed because both read {@code -} only from a pipe) get their paths as positional
 * parameters ("$1", "$2") of a fixed {@code sh -c} script.
 */
public final class IntegrationCommands {
    /** Where a ./path of the project appears inside the container (mounted read-only). */
    public static final String WORKSPACE = "/workspace";
    /** Where ppctl puts the rendered manifests inside the container. */
    public static final String MANIFESTS_DIR = "/tmp/ppctl-integration";

    static final String KYVERNO_SCRIPT = "cat \"$1\" | kyverno apply \"$2\" --resource -";
    static final String PLUTO_SCRIPT = "cat \"$1\" | pluto detect - --target-versions \"k8s=$2\" -o json";

    private IntegrationCommands() {}

    /** {@code helm template RELEASE CHART -f V1 -f V2 --set K=V ...}. */
    public static List<String> render(IntegrationCase c) {
        List<String> cmd = new ArrayList<>(List.of("helm", "template", releaseName(c.name()), inContainer(c.chart())));
        for (String v : c.values()) {
            cmd.add("-f");
            cmd.add(inContainer(v));
        }
        for (Map.Entry<String, String> e : c.set().entrySet()) {
            cmd.add("--set");
            cmd.add(e.getKey() + "=" + e.getValue());
        }
        return List.copyOf(cmd);
    }

    public static List<String> kyverno(String manifests, IntegrationCase c) {
        return List.of("sh", "-c", KYVERNO_SCRIPT, "ppctl", manifests, inContainer(c.policies()));
    }

    public static List<String> pluto(String manifests, IntegrationCase c) {
        return List.of("sh", "-c", PLUTO_SCRIPT, "ppctl", manifests, kubernetesVersion(c.deprecationsKubernetes()));
    }

    /** ./charts/app becomes /workspace/charts/app; paths inside the image stay as they are. */
    public static String inContainer(String path) {
        return path.startsWith("./") ? WORKSPACE + "/" + path.substring(2).replaceAll("^/+", "") : path;
    }

    public static boolean usesWorkspace(IntegrationCase c) {
        return c.chart().startsWith("./") || c.policies().startsWith("./") || c.values().stream().anyMatch(v -> v.startsWith("./"));
    }

    /** pluto wants the leading v (v1.30.0). */
    public static String kubernetesVersion(String v) {
        return v == null ? "" : v.startsWith("v") ? v : "v" + v;
    }

    /** A valid Helm release name (lowercase DNS label, at most 53 characters) derived from the case name. */
    public static String releaseName(String caseName) {
        String slug = caseName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (slug.isEmpty() || !Character.isLetter(slug.charAt(0))) {
            slug = "case-" + slug;
        }
        return (slug.length() > 53 ? slug.substring(0, 53) : slug).replaceAll("-+$", "");
    }
}
