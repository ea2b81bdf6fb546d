package io.ppctl.integration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ppctl.core.JsonMappers;
import io.ppctl.core.Text;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code pluto detect - -o json}. The shape, from pluto's own output tests (pkg/api/output_test.go):
 * <pre>{"items":[{"name":"...","namespace":"...","api":{"version":"extensions/v1beta1","kind":"Deployment",
 *   "deprecated-in":"v1.9.0","removed-in":"v1.16.0","replacement-api":"apps/v1","replacement-available-in":"v1.10.0",
 *   "component":"k8s"},"deprecated":true,"removed":true,"replacementAvailable":true}],
 *   "target-versions":{"k8s":"v1.30.0"}}</pre>
 * {@code items} is left out when nothing was found. Pluto's exit code (2 deprecated, 3 removed, 4 a replacement not
 * available in the target version) is not trusted:
 * some releases exit 0 regardless, so the verdicts come from the JSON.
 */
public final class PlutoReportParser {
    private static final ObjectMapper JSON = JsonMappers.plain();

    private PlutoReportParser() {}

    /** @throws IllegalArgumentException when the output is not pluto's JSON (pluto failed, or printed text) */
    public static PlutoReport parse(String stdout) {
        String text = stdout == null ? "" : stdout.strip();
        if (text.isEmpty() || text.startsWith("There were no resources found")) {
            return new PlutoReport(List.of(), Map.of());
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("pluto printed no JSON: " + Text.firstLine(text));
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("pluto printed no JSON object: " + Text.firstLine(text));
        }
        List<PlutoReport.Finding> findings = new ArrayList<>();
        for (JsonNode item : root.path("items")) {
            JsonNode api = item.path("api");
            findings.add(new PlutoReport.Finding(item.path("name").asText(""), item.path("namespace").asText(""),
                    api.path("kind").asText(""), api.path("version").asText(""), api.path("deprecated-in").asText(""),
                    api.path("removed-in").asText(""), api.path("replacement-api").asText(""), api.path("component").asText(""),
                    item.path("deprecated").asBoolean(false), item.path("removed").asBoolean(false)));
        }
        Map<String, String> targets = new LinkedHashMap<>();
        root.path("target-versions").fields().forEachRemaining(e -> targets.put(e.getKey(), e.getValue().asText()));
        return new PlutoReport(List.copyOf(findings), targets);
    }
}
