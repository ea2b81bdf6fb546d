package io.ppctl.scan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ppctl.core.JsonMappers;

import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * SARIF 2.1.0 for code-scanning dashboards (GitHub code scanning, GitLab, Azure DevOps), shaped like Trivy's own
 * {@code --format sarif}: one rule per vulnerability ID (help URI = Trivy's PrimaryURL, a security-severity score
 * from CVSS v3 or the severity), one result per finding with level error (CRITICAL, HIGH), warning (MEDIUM) or note
 * (LOW, UNKNOWN). Findings the ignore file accepts carry an external, accepted suppression, so dashboards show them
 * as dismissed instead of dropping them. Pure: verdict in, text out.
 */
public final class SarifWriter {
    static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
    private static final ObjectMapper JSON = JsonMappers.files();

    private SarifWriter() {}

    public static String write(Verdict verdict, TrivyReport report, String imageReference, String imageId, String ignoreFileName) {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", "2.1.0");
        root.put("$schema", SCHEMA);
        ObjectNode run = root.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", "Trivy");
        driver.put("fullName", "Trivy Vulnerability Scanner");
        driver.put("informationUri", "https://github.com/aquasecurity/trivy");
        if (!report.trivyVersion().isEmpty()) {
            driver.put("version", report.trivyVersion());
        }
        ArrayNode rules = driver.putArray("rules");
        ArrayNode results = run.putArray("results");
        Map<String, Integer> ruleIndex = new LinkedHashMap<>();
        String repository = repository(imageReference);
        for (Verdict.Assessed a : verdict.findings()) {
            Finding f = a.finding();
            Integer index = ruleIndex.get(f.id());
            if (index == null) {
                index = ruleIndex.size();
                ruleIndex.put(f.id(), index);
                addRule(rules.addObject(), f);
            }
            ObjectNode result = results.addObject();
            result.put("ruleId", f.id());
            result.put("ruleIndex", index);
            result.put("level", level(f.severity()));
            result.putObject("message").put("text", String.format(Locale.ROOT,
                    "Package: %s\nInstalled Version: %s\nVulnerability %s\nSeverity: %s\nFixed Version: %s\nLink: [%s](%s)",
                    f.pkgName(), f.installedVersion(), f.id(), f.severity(), f.fixedVersion(), f.id(), f.primaryUrl()));
            String uri = "os-pkgs".equals(f.resultClass()) || f.target().isEmpty() ? repository
                    : (f.pkgPath().isEmpty() ? f.target() : f.pkgPath());
            ObjectNode location = result.putArray("locations").addObject();
            ObjectNode physical = location.putObject("physicalLocation");
            physical.putObject("artifactLocation").put("uri", uri).put("uriBaseId", "ROOTPATH");
            physical.putObject("region").put("startLine", 1).put("startColumn", 1).put("endLine", 1).put("endColumn", 1);
            location.putObject("message").put("text", uri + ": " + f.pkgName() + "@" + f.installedVersion());
            if (a.status() == Verdict.Status.IGNORED) {
                result.putArray("suppressions").addObject().put("kind", "external").put("status", "accepted")
                        .put("justification", "listed in " + ignoreFileName + " (line " + a.ignoredBy().line() + ")"
                                + (a.ignoredBy().expires() == null ? "" : ", until " + a.ignoredBy().expires()));
            }
            result.putObject("properties").put("ppctl-gate", a.status().label());
        }
        run.put("columnKind", "utf16CodeUnits");
        run.putObject("originalUriBaseIds").putObject("ROOTPATH").put("uri", "file:///");
        ObjectNode props = run.putObject("properties");
        props.put("imageName", imageReference);
        props.put("imageID", imageId);
        props.put("threshold", verdict.threshold().name());
        props.put("verdict", verdict.line());
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void addRule(ObjectNode rule, Finding f) {
        String title = f.title().isEmpty() ? f.id() : f.title();
        String full = !f.description().isEmpty() ? f.description() : title;
        rule.put("id", f.id());
        rule.put("name", "os-pkgs".equals(f.resultClass()) ? "OsPackageVulnerability" : "LanguageSpecificPackageVulnerability");
        rule.putObject("shortDescription").put("text", title);
        rule.putObject("fullDescription").put("text", full);
        rule.putObject("defaultConfiguration").put("level", level(f.severity()));
        if (!f.primaryUrl().isEmpty()) {
            rule.put("helpUri", f.primaryUrl());
        }
        ObjectNode help = rule.putObject("help");
        help.put("text", "Vulnerability " + f.id() + "\nSeverity: " + f.severity() + "\nPackage: " + f.pkgName()
                + "\nFixed Version: " + f.fixedVersion() + "\nLink: [" + f.id() + "](" + f.primaryUrl() + ")\n" + f.description());
        help.put("markdown", "**Vulnerability " + f.id() + "**\n| Severity | Package | Fixed Version | Link |\n"
                + "| --- | --- | --- | --- |\n|" + f.severity() + "|" + f.pkgName() + "|" + f.fixedVersion() + "|["
                + f.id() + "](" + f.primaryUrl() + ")|\n\n" + f.description());
        ObjectNode props = rule.putObject("properties");
        props.putArray("tags").add("vulnerability").add("security").add(f.severity().name());
        props.put("precision", "very-high");
        props.put("security-severity", f.cvssScore() != null ? String.format(Locale.ROOT, "%.1f", f.cvssScore())
                : severityScore(f.severity()));
    }

    static String level(Severity s) {
        return switch (s) {
            case CRITICAL, HIGH -> "error";
            case MEDIUM -> "warning";
            default -> "note";
        };
    }

    /** Trivy's scores for a severity without a CVSS v3 score, so dashboards sort findings as Trivy's SARIF does. */
    private static String severityScore(Severity s) {
        return switch (s) {
            case CRITICAL -> "9.5";
            case HIGH -> "8.0";
            case MEDIUM -> "5.5";
            case LOW -> "2.0";
            default -> "0.0";
        };
    }

    /** policy-platform for policy-platform:v1.0.2 or ghcr.io/acme/policy-platform@sha256:...; "image" for a bare ID. */
    static String repository(String reference) {
        if (reference == null || reference.isEmpty() || reference.startsWith("sha256:")) {
            return "image";
        }
        String r = reference;
        int at = r.indexOf('@');
        if (at >= 0) {
            r = r.substring(0, at);
        }
        int colon = r.lastIndexOf(':');
        if (colon > r.lastIndexOf('/')) {
            r = r.substring(0, colon);
        }
        return r;
    }
}
