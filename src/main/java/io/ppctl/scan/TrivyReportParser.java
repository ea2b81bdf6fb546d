package io.ppctl.scan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ppctl.core.JsonMappers;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads Trivy's JSON report, schema version 2 ({@code trivy image --format json}): {@code Results[]} each with a
 * {@code Target}, {@code Class} and {@code Vulnerabilities[]}. A clean image has no {@code Results} key at all,
 * and a result without findings has no {@code Vulnerabilities}; {@code FixedVersion} and {@code Title} are left
 * out when unknown. Keys ppctl does not use are ignored, so newer Trivy releases that add fields still parse.
 * Pure: text in, report out.
 */
public final class TrivyReportParser {
    private static final ObjectMapper JSON = JsonMappers.plain();

    /** The report is not what Trivy writes: not JSON, another schema version, or a broken structure. */
    public static final class InvalidReportException extends RuntimeException {
        public InvalidReportException(String message) {
            super(message);
        }
    }

    private TrivyReportParser() {}

    public static TrivyReport parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidReportException("the report is empty");
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidReportException("the report is not JSON (" + e.getOriginalMessage() + "), it starts with: "
                    + excerpt(text));
        }
        if (root == null || !root.isObject()) {
            throw new InvalidReportException("the report is not a JSON object, it starts with: " + excerpt(text));
        }
        JsonNode schema = root.get("SchemaVersion");
        if (schema == null || !schema.isInt()) {
            throw new InvalidReportException("the report has no SchemaVersion: not a Trivy JSON report (--format json)");
        }
        if (schema.intValue() != 2) {
            throw new InvalidReportException("the report has SchemaVersion " + schema.intValue()
                    + "; ppctl reads version 2 (Trivy 0.20 and newer)");
        }
        List<String> targets = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        JsonNode results = root.get("Results");
        if (results != null && !results.isNull()) {
            if (!results.isArray()) {
                throw new InvalidReportException("Results is not a list");
            }
            int r = 0;
            for (JsonNode result : results) {
                readResult(result, r++, targets, findings);
            }
        }
        JsonNode os = root.path("Metadata").path("OS");
        String osName = os.isObject() && !"none".equals(text(os, "Family")) && !text(os, "Family").isEmpty()
                ? (text(os, "Family") + " " + text(os, "Name")).trim() : "";
        return new TrivyReport(2, text(root, "ArtifactName"), text(root, "ArtifactType"), osName,
                text(root.path("Trivy"), "Version"), List.copyOf(targets), List.copyOf(findings), root);
    }

    private static void readResult(JsonNode result, int index, List<String> targets, List<Finding> findings) {
        if (!result.isObject()) {
            throw new InvalidReportException("Results[" + index + "] is not an object");
        }
        String target = text(result, "Target");
        String resultClass = text(result, "Class");
        targets.add(target);
        JsonNode vulns = result.get("Vulnerabilities");
        if (vulns == null || vulns.isNull()) {
            return;
        }
        if (!vulns.isArray()) {
            throw new InvalidReportException("Results[" + index + "].Vulnerabilities is not a list");
        }
        int v = 0;
        for (JsonNode vuln : vulns) {
            String where = "Results[" + index + "].Vulnerabilities[" + v++ + "]";
            String id = text(vuln, "VulnerabilityID");
            if (id.isEmpty()) {
                throw new InvalidReportException(where + " has no VulnerabilityID");
            }
            findings.add(new Finding(id, text(vuln, "PkgName"), text(vuln, "InstalledVersion"), text(vuln, "FixedVersion"),
                    Severity.fromTrivy(text(vuln, "Severity")), text(vuln, "Title"), text(vuln, "Description"),
                    text(vuln, "PrimaryURL"), target, resultClass, text(vuln, "PkgPath"), cvssScore(vuln)));
        }
    }

    /** The CVSS v3 score of the source Trivy took the severity from, as Trivy's own SARIF output does. */
    private static Double cvssScore(JsonNode vuln) {
        JsonNode score = vuln.path("CVSS").path(text(vuln, "SeveritySource")).path("V3Score");
        return score.isNumber() && score.doubleValue() > 0 ? score.doubleValue() : null;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() || v.isContainerNode() ? "" : v.asText();
    }

    private static String excerpt(String text) {
        String oneLine = text.strip().replaceAll("\\s+", " ");
        return "'" + (oneLine.length() > 60 ? oneLine.substring(0, 60) + "..." : oneLine) + "'";
    }
}
