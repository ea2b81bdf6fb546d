package io.ppctl.project;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * policies/backend-applications/charts/app without helm: Chart.yaml, the shape of every template, the values the
 * templates use, and defaults that meet every policy. (The image's integration tests render it with the real helm.)
 */
class HelmChartTest {
    private static final String CHART = "policies/backend-applications/charts/app";
    private static final Pattern ACTION = Pattern.compile("\\{\\{.*?}}");
    private static final Pattern COMMENT = Pattern.compile("(?s)\\{\\{-?\\s*/\\*.*?\\*/\\s*-?}}");
    private static final Pattern VALUES_REF = Pattern.compile("\\.Values((?:\\.[A-Za-z0-9_]+)+)");

    /**
     * The YAML a template renders to, with its template actions taken out: comments and lines holding nothing but
     * actions ({{- if }}, {{- include ... | nindent 4 }}) vanish, inline actions become the placeholder X.
     */
    static String skeleton(String template) {
        StringBuilder out = new StringBuilder();
        for (String line : COMMENT.matcher(template).replaceAll("").split("\n", -1)) {
            if (ACTION.matcher(line).replaceAll("").isBlank() && !line.isBlank()) {
                continue;
            }
            out.append(ACTION.matcher(line).replaceAll("X")).append('\n');
        }
        return out.toString();
    }

    @Test
    void isAHelm3ApplicationChart() {
        Map<String, Object> chart = RepoFiles.yamlMap(CHART + "/Chart.yaml");
        assertThat(chart).containsEntry("apiVersion", "v2").containsEntry("name", "app").containsEntry("type", "application");
        assertThat((String) chart.get("version")).matches("\\d+\\.\\d+\\.\\d+");
        assertThat((String) chart.get("description")).isNotBlank();
    }

    @Test
    void everyTemplateRendersTheExpectedKind() {
        Map<String, List<String>> expected = Map.of(
                "deployment.yaml", List.of("apps/v1", "Deployment"),
                "service.yaml", List.of("v1", "Service"),
                "ingress.yaml", List.of("networking.k8s.io/v1", "Ingress"),
                "ingress-legacy.yaml", List.of("extensions/v1beta1", "Ingress"));
        List<Path> templates = RepoFiles.files(CHART + "/templates", ".yaml");
        assertThat(templates).extracting(p -> p.getFileName().toString()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (Path t : templates) {
            String skeleton = skeleton(RepoFiles.read(t));
            List<Object> docs = RepoFiles.yamlDocuments(skeleton);
            assertThat(docs).as(RepoFiles.relative(t) + " as YAML:\n" + skeleton).hasSize(1);
            List<String> kind = expected.get(t.getFileName().toString());
            assertThat(RepoFiles.at(docs.get(0), "apiVersion")).as(RepoFiles.relative(t)).isEqualTo(kind.get(0));
            assertThat(RepoFiles.at(docs.get(0), "kind")).as(RepoFiles.relative(t)).isEqualTo(kind.get(1));
            assertThat(RepoFiles.at(docs.get(0), "metadata.name")).as(RepoFiles.relative(t)).isEqualTo("X");
        }
    }

    @Test
    void theDeploymentSkeletonCarriesEverySettingThePoliciesLookAt() {
        Object deployment = RepoFiles.yamlDocuments(skeleton(RepoFiles.read(CHART + "/templates/deployment.yaml"))).get(0);
        Object pod = RepoFiles.at(deployment, "spec.template.spec");
        assertThat(pod).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsKeys("securityContext", "containers", "volumes", "hostNetwork", "hostPID", "hostIPC");
        Object container = ((List<?>) RepoFiles.at(pod, "containers")).get(0);
        assertThat(container).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsKeys("image", "securityContext", "resources", "volumeMounts");
    }

    @Test
    void everyValueTheTemplatesUseHasADefault() {
        Map<String, Object> values = RepoFiles.yamlMap(CHART + "/values.yaml");
        Set<String> missing = new TreeSet<>();
        for (Path t : RepoFiles.files(CHART + "/templates", "")) {
            Matcher m = VALUES_REF.matcher(RepoFiles.read(t));
            while (m.find()) {
                String path = m.group(1).substring(1);
                if (!hasKey(values, path)) {
                    missing.add(RepoFiles.relative(t) + ": .Values." + path);
                }
            }
        }
        assertThat(missing).as("values used by the templates but missing from values.yaml").isEmpty();
    }

    @Test
    void defaultsMeetEveryPolicy() {
        Map<String, Object> v = RepoFiles.yamlMap(CHART + "/values.yaml");
        // disallow-latest-tag
        assertThat(String.valueOf(RepoFiles.at(v, "image.tag"))).isNotBlank().isNotEqualTo("latest");
        assertThat(String.valueOf(RepoFiles.at(v, "image.repository"))).doesNotContain(":");
        // require-run-as-nonroot
        assertThat(RepoFiles.at(v, "podSecurityContext.runAsNonRoot")).isEqualTo(true);
        assertThat(RepoFiles.at(v, "securityContext.runAsNonRoot")).isEqualTo(true);
        assertThat((Integer) RepoFiles.at(v, "podSecurityContext.runAsUser")).isPositive();
        // disallow-privileged-containers
        assertThat(RepoFiles.at(v, "securityContext.privileged")).isEqualTo(false);
        assertThat(RepoFiles.at(v, "securityContext.allowPrivilegeEscalation")).isEqualTo(false);
        // require-requests-limits
        for (String r : List.of("requests.cpu", "requests.memory", "limits.cpu", "limits.memory")) {
            assertThat(RepoFiles.at(v, "resources." + r)).as("resources." + r).isNotNull();
        }
        // disallow-host-namespaces
        for (String ns : List.of("hostNetwork", "hostPID", "hostIPC")) {
            assertThat(v.get(ns)).as(ns).isEqualTo(false);
        }
        // disallow-host-path
        assertThat((List<?>) v.get("extraVolumes")).isEmpty();
        assertThat(RepoFiles.read(CHART + "/templates/deployment.yaml")).doesNotContain("hostPath");
        // the removed Ingress API only on request
        assertThat(RepoFiles.at(v, "ingress.legacyApi")).isEqualTo(false);
    }

    @Test
    void theIntegrationValuesFilesOnlySetKnownValues() {
        Map<String, Object> defaults = RepoFiles.yamlMap(CHART + "/values.yaml");
        List<Path> files = RepoFiles.files("tests/integration", ".yaml");
        assertThat(files).isNotEmpty();
        List<String> unknown = new ArrayList<>();
        for (Path f : files) {
            unknownKeys(RepoFiles.yamlMap(f), defaults, "").forEach(k -> unknown.add(RepoFiles.relative(f) + ": " + k));
        }
        assertThat(unknown).as("keys the chart does not know (typos are silently ignored by helm)").isEmpty();
    }

    @Test
    void skeletonDropsActionLinesAndKeepsStructure() {
        String t = """
                {{- /* a comment
                over two lines */}}
                {{- if .Values.on }}
                kind: Service
                metadata:
                  name: {{ include "app.fullname" . }}
                  labels:
                    {{- include "app.labels" . | nindent 4 }}
                {{- end }}
                """;
        assertThat(skeleton(t)).isEqualTo("\nkind: Service\nmetadata:\n  name: X\n  labels:\n\n");
    }

    /** Keys set in {@code override} that {@code defaults} does not have; lists and empty maps are free-form. */
    @SuppressWarnings("unchecked")
    private static List<String> unknownKeys(Map<String, Object> override, Map<String, Object> defaults, String prefix) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Object> e : override.entrySet()) {
            String key = prefix + e.getKey();
            if (!defaults.containsKey(e.getKey())) {
                out.add(key);
            } else if (e.getValue() instanceof Map && defaults.get(e.getKey()) instanceof Map<?, ?> d && !d.isEmpty()) {
                out.addAll(unknownKeys((Map<String, Object>) e.getValue(), (Map<String, Object>) d, key + "."));
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static boolean hasKey(Map<String, Object> values, String dottedPath) {
        Object current = values;
        for (String key : dottedPath.split("\\.")) {
            if (!(current instanceof Map) || !((Map<String, Object>) current).containsKey(key)) {
                return false;
            }
            current = ((Map<String, Object>) current).get(key);
        }
        return true;
    }
}
