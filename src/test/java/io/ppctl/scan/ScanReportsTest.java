package io.ppctl.scan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ppctl.report.JUnitReport;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The --report JSON and --junit XML built from Trivy's real reports. */
class ScanReportsTest {
    private static Verdict verdict(TrivyReport r, String ignore) {
        return new SeverityGate(Severity.CRITICAL, false, IgnoreFile.parse(".trivyignore", ignore))
                .evaluate(r.findings(), LocalDate.of(2025, 6, 1));
    }

    private static ScanSummary summary(Verdict v) {
        ScanSettings s = new ScanSettings(Severity.CRITICAL, false, null, false, null, false, "", "trivy-image", "",
                Duration.ofMinutes(1), null);
        Scanner scanner = new TrivyBinary(java.nio.file.Path.of("/usr/local/bin/trivy"), java.util.Map.of());
        return ScanSummary.of("policy-platform:v1.0.2", "sha256:abc", scanner, s, ".trivyignore", v, List.of());
    }

    @Test
    void theJsonReportCarriesTheVerdictAndTrivysReportUnchanged() throws Exception {
        TrivyReport r = TrivyFixtures.alpine();
        Verdict v = verdict(r, "CVE-2019-14697 exp:2030-01-01\nCVE-2019-1549 exp:2020-01-01\n");
        JsonNode json = new ObjectMapper().readTree(ScanReports.json(summary(v), r));
        JsonNode scan = json.get("scan");
        assertThat(scan.get("passed").asBoolean()).isTrue();
        assertThat(scan.get("verdict").asText()).isEqualTo("2 CRITICAL (2 ignored), 4 MEDIUM: PASSED at CRITICAL");
        assertThat(scan.get("threshold").asText()).isEqualTo("CRITICAL");
        assertThat(scan.at("/counts/CRITICAL/ignored").asInt()).isEqualTo(2);
        assertThat(scan.at("/counts/MEDIUM/total").asInt()).isEqualTo(4);
        assertThat(scan.at("/findings/0/status").asText()).isEqualTo("ignored");
        assertThat(scan.at("/findings/0/ignoreLine").asInt()).isEqualTo(1);
        assertThat(scan.at("/findings/2/status").asText()).isEqualTo("below-threshold");
        assertThat(scan.at("/findings/2/ignoreExpired").asText()).isEqualTo("2020-01-01");
        assertThat(scan.at("/expiredIgnores/0/id").asText()).isEqualTo("CVE-2019-1549");
        assertThat(scan.get("scannerKind").asText()).isEqualTo("binary");
        assertThat(json.get("trivy")).isEqualTo(new ObjectMapper().readTree(TrivyFixtures.text("alpine-39.json")));
    }

    @Test
    void junitHasOneFailingTestcasePerFindingThatFailsTheGate() {
        JUnitReport junit = ScanReports.junit(verdict(TrivyFixtures.alpine(), ""), "policy-platform:v1.0.2", Duration.ofSeconds(2));
        assertThat(junit.cases()).hasSize(2);
        assertThat(junit.failures()).isEqualTo(2);
        assertThat(junit.cases().get(0).name()).isEqualTo("CRITICAL CVE-2019-14697 in musl 1.1.20-r4");
        assertThat(junit.cases().get(0).failureMessage()).isEqualTo("CRITICAL CVE-2019-14697 in musl 1.1.20-r4, fixed in 1.1.20-r5");
        assertThat(junit.cases().get(0).failureDetail()).contains("https://avd.aquasec.com/nvd/cve-2019-14697");
        assertThat(junit.toXml()).contains("tests=\"2\" failures=\"2\"");
    }

    @Test
    void junitHasOnePassingTestcaseWhenNothingFailsTheGate() {
        JUnitReport junit = ScanReports.junit(verdict(TrivyFixtures.clean(), ""), "policy-platform:v1.0.2", Duration.ofSeconds(2));
        assertThat(junit.cases()).hasSize(1);
        assertThat(junit.failures()).isZero();
        assertThat(junit.cases().get(0).name()).isEqualTo("no vulnerability at or above CRITICAL (no vulnerabilities: PASSED at CRITICAL)");
        JUnitReport ignored = ScanReports.junit(verdict(TrivyFixtures.alpine(), "CVE-2019-14697\n"), "pp", Duration.ZERO);
        assertThat(ignored.cases()).hasSize(1);
        assertThat(ignored.failures()).isZero();
    }
}
