package io.ppctl.scan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ppctl.testing.SarifSchema;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SARIF written from Trivy's real alpine report, parsed back and checked against what SARIF 2.1.0 requires
 * (version, runs[].tool.driver.name, results[].message.text, ruleIndex pointing at the rule with that ID) and what
 * GitHub code scanning needs (a physical location per result, security-severity on rules).
 */
class SarifWriterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode sarif(TrivyReport report, String ignore) throws Exception {
        Verdict v = new SeverityGate(Severity.CRITICAL, false, IgnoreFile.parse(".trivyignore", ignore))
                .evaluate(report.findings(), LocalDate.of(2025, 6, 1));
        return JSON.readTree(SarifWriter.write(v, report, "policy-platform:v1.0.2", "sha256:abc", ".trivyignore"));
    }

    @Test
    void isAValidSarif210LogWithOneRunOfTrivy() throws Exception {
        JsonNode root = sarif(TrivyFixtures.alpine(), "");
        assertThat(root.get("version").asText()).isEqualTo("2.1.0");
        assertThat(root.get("$schema").asText()).isEqualTo("https://json.schemastore.org/sarif-2.1.0.json");
        assertThat(root.get("runs")).hasSize(1);
        JsonNode driver = root.at("/runs/0/tool/driver");
        assertThat(driver.get("name").asText()).isEqualTo("Trivy");
        assertThat(driver.get("informationUri").asText()).isEqualTo("https://github.com/aquasecurity/trivy");
        assertThat(root.at("/runs/0/properties/imageName").asText()).isEqualTo("policy-platform:v1.0.2");
        assertThat(root.at("/runs/0/originalUriBaseIds/ROOTPATH/uri").asText()).isEqualTo("file:///");
    }

    @Test
    void passesTheOasisSarif210SchemaForEveryGoldenReportWithAndWithoutSuppressions() throws Exception {
        assertThat(SarifSchema.problems(sarif(TrivyFixtures.alpine(), ""))).isEmpty();
        assertThat(SarifSchema.problems(sarif(TrivyFixtures.alpine(), "CVE-2019-14697 exp:2999-01-01\n"))).isEmpty();
        assertThat(SarifSchema.problems(sarif(TrivyFixtures.debian(), "CVE-2019-18224\n"))).isEmpty();
        assertThat(SarifSchema.problems(sarif(TrivyFixtures.clean(), ""))).isEmpty();
        // The check bites: SARIF without its version is rejected.
        com.fasterxml.jackson.databind.node.ObjectNode broken = (com.fasterxml.jackson.databind.node.ObjectNode)
                sarif(TrivyFixtures.alpine(), "");
        broken.remove("version");
        assertThat(SarifSchema.problems(broken)).anyMatch(p -> p.contains("version"));
    }

    @Test
    void hasOneRulePerVulnerabilityIdWithItsHelpUri() throws Exception {
        JsonNode rules = sarif(TrivyFixtures.alpine(), "").at("/runs/0/tool/driver/rules");
        assertThat(rules).hasSize(3);
        Set<String> ids = new HashSet<>();
        for (JsonNode rule : rules) {
            assertThat(ids.add(rule.get("id").asText())).isTrue();
            assertThat(rule.get("helpUri").asText()).isEqualTo("https://avd.aquasec.com/nvd/" + rule.get("id").asText().toLowerCase());
            assertThat(rule.at("/shortDescription/text").asText()).isNotEmpty();
            assertThat(rule.at("/fullDescription/text").asText()).isNotEmpty();
            assertThat(rule.at("/help/text").asText()).contains(rule.get("id").asText());
            assertThat(rule.at("/properties/tags").toString()).contains("security");
            assertThat(rule.get("name").asText()).isEqualTo("OsPackageVulnerability");
        }
        assertThat(ids).containsExactlyInAnyOrder("CVE-2019-14697", "CVE-2019-1549", "CVE-2019-1551");
        JsonNode musl = rules.get(0);
        assertThat(musl.get("id").asText()).isEqualTo("CVE-2019-14697");
        // No Title in Trivy's report: the ID stands in, the description is kept.
        assertThat(musl.at("/shortDescription/text").asText()).isEqualTo("CVE-2019-14697");
        assertThat(musl.at("/fullDescription/text").asText()).startsWith("musl libc through 1.1.23");
        assertThat(musl.at("/properties/security-severity").asText()).isEqualTo("9.8");
        assertThat(musl.at("/defaultConfiguration/level").asText()).isEqualTo("error");
    }

    @Test
    void hasOneResultPerFindingWithLevelMessageAndLocation() throws Exception {
        JsonNode run = sarif(TrivyFixtures.alpine(), "").at("/runs/0");
        JsonNode results = run.get("results");
        JsonNode rules = run.at("/tool/driver/rules");
        assertThat(results).hasSize(6);
        for (JsonNode r : results) {
            assertThat(rules.get(r.get("ruleIndex").asInt()).get("id").asText()).isEqualTo(r.get("ruleId").asText());
            assertThat(r.at("/message/text").asText()).contains("Package: ", "Installed Version: ");
            assertThat(r.at("/locations/0/physicalLocation/artifactLocation/uri").asText()).isEqualTo("policy-platform");
            assertThat(r.at("/locations/0/physicalLocation/region/startLine").asInt()).isEqualTo(1);
        }
        assertThat(results.get(0).get("level").asText()).isEqualTo("error");
        assertThat(results.get(0).at("/locations/0/message/text").asText()).isEqualTo("policy-platform: musl@1.1.20-r4");
        assertThat(results.get(2).get("level").asText()).isEqualTo("warning");
        assertThat(results.get(0).has("suppressions")).isFalse();
    }

    @Test
    void aLowFindingIsANoteAndAnUnscoredSeverityGetsTrivysScore() throws Exception {
        JsonNode run = sarif(TrivyFixtures.debian(), "").at("/runs/0");
        assertThat(run.at("/results/1/level").asText()).isEqualTo("note");
        assertThat(run.at("/tool/driver/rules/1/properties/security-severity").asText()).isEqualTo("2.0");
        assertThat(run.at("/tool/driver/rules/0/properties/security-severity").asText()).isEqualTo("9.5");
        assertThat(run.at("/tool/driver/rules/0/shortDescription/text").asText()).startsWith("libidn2: heap-based");
    }

    @Test
    void ignoredFindingsAreKeptAsAcceptedSuppressions() throws Exception {
        JsonNode results = sarif(TrivyFixtures.alpine(), "CVE-2019-14697 exp:2030-01-01\n").at("/runs/0/results");
        JsonNode suppression = results.get(0).at("/suppressions/0");
        assertThat(suppression.get("kind").asText()).isEqualTo("external");
        assertThat(suppression.get("status").asText()).isEqualTo("accepted");
        assertThat(suppression.get("justification").asText()).isEqualTo("listed in .trivyignore (line 1), until 2030-01-01");
        assertThat(results.get(0).at("/properties/ppctl-gate").asText()).isEqualTo("ignored");
    }

    @Test
    void aCleanReportHasNoRulesAndNoResults() throws Exception {
        JsonNode run = sarif(TrivyFixtures.clean(), "").at("/runs/0");
        assertThat(run.at("/tool/driver/rules")).isEmpty();
        assertThat(run.get("results")).isEmpty();
    }

    @Test
    void theArtifactIsTheImageRepository() {
        assertThat(SarifWriter.repository("ghcr.io/acme/policy-platform:v1.0.2")).isEqualTo("ghcr.io/acme/policy-platform");
        assertThat(SarifWriter.repository("127.0.0.1:5000/pp@sha256:abc")).isEqualTo("127.0.0.1:5000/pp");
        assertThat(SarifWriter.repository("127.0.0.1:5000/pp")).isEqualTo("127.0.0.1:5000/pp");
        assertThat(SarifWriter.repository("sha256:abc")).isEqualTo("image");
    }
}
