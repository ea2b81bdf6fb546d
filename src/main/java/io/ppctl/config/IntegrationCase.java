package io.ppctl.config;

import io.ppctl.core.Quote;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One entry of {@code integrationTests:}: render a chart, apply policies, compare with what is expected.
 * Paths are absolute paths inside the image, or ./paths in the project (each mounted read-only at /workspace/PATH).
 * {@code timeout} bounds each tool run of the case (helm, kyverno, pluto).
 */
public record IntegrationCase(String name, String chart, List<String> values, Map<String, String> set,
                              String policies, String expect, List<String> expectViolations,
                              String deprecationsKubernetes, Duration timeout) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

    public boolean expectPass() {
        return "pass".equals(expect);
    }

    static IntegrationCase read(ConfigReader r) {
        String name = r.string("name", null);
        String chart = r.string("chart", null);
        String policies = r.string("policies", null);
        if (name == null || name.isBlank()) {
            r.problem(null, "missing 'name'");
        }
        if (chart == null || chart.isBlank()) {
            r.problem(null, "missing 'chart' (a path inside the image, or ./path in the project)");
        } else {
            checkPath(r, "chart", chart);
        }
        if (policies == null || policies.isBlank()) {
            r.problem(null, "missing 'policies' (a path inside the image, or ./path in the project)");
        } else {
            checkPath(r, "policies", policies);
        }
        List<String> values = r.stringList("values", List.of(), true);
        values.forEach(v -> checkPath(r, "values", v));
        String expect = r.choice("expect", "pass", List.of("pass", "fail"));
        List<String> violations = r.stringList("expectViolations", List.of(), false);
        if ("pass".equals(expect) && !violations.isEmpty()) {
            r.problem("expectViolations", "only makes sense with 'expect: fail'");
        }
        for (String v : violations) {
            if (!v.matches("[^/\\s]+(/[^/\\s]+)?")) {
                r.problem("expectViolations", Quote.of(v) + " must be written as <policy>/<rule> (or <policy> for policies without rule names)");
            }
        }
        ConfigReader dep = r.section("deprecations");
        String k8s = dep.string("kubernetes", null);
        if (k8s != null && !k8s.matches("v?\\d+\\.\\d+\\.\\d+")) {
            dep.problem("kubernetes", Quote.of(k8s) + " is not a Kubernetes version such as v1.30.0");
        }
        dep.finish();
        return new IntegrationCase(name, chart, values, r.stringMap("set"), policies, expect, violations, k8s,
                r.duration("timeout", DEFAULT_TIMEOUT));
    }

    /** Inside the image (absolute) or in the project (./...); anything else is ambiguous. */
    private static void checkPath(ConfigReader r, String key, String path) {
        if (path.startsWith("/")) {
            return;
        }
        if (!path.startsWith("./")) {
            r.problem(key, Quote.of(path) + " must be an absolute path inside the image or start with ./ for a path in the project");
        } else if (java.nio.file.Path.of(path).normalize().startsWith("..")) {
            r.problem(key, Quote.of(path) + " leaves the project folder");
        }
    }
}
