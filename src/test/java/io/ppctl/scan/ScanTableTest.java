package io.ppctl.scan;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The text result: grouped by severity, highest first, then the verdict line. */
class ScanTableTest {
    private static String table(TrivyReport r, Severity threshold, boolean ignoreUnfixed, String ignore) {
        Verdict v = new SeverityGate(threshold, ignoreUnfixed, IgnoreFile.parse(".trivyignore", ignore))
                .evaluate(r.findings(), LocalDate.of(2025, 6, 1));
        ScanSettings s = new ScanSettings(threshold, ignoreUnfixed, null, false, null, false, "", "img", "", Duration.ofMinutes(1), null);
        return ScanTable.render(ScanSummary.of("pp:1", "sha256:abc", new TrivyBinary(Path.of("/bin/trivy"), Map.of()), s,
                ".trivyignore", v, List.of()));
    }

    @Test
    void groupsFindingsBySeverityHighestFirstAndEndsWithTheVerdict() {
        String t = table(TrivyFixtures.alpine(), Severity.CRITICAL, false, "CVE-2019-14697 exp:2030-01-01\n");
        assertThat(t).isEqualTo(String.join("\n",
                "CRITICAL (2)",
                "  ID              PACKAGE       INSTALLED  FIXED      TITLE                                                        NOTE",
                "  CVE-2019-14697  musl          1.1.20-r4  1.1.20-r5  -                                                            ignored (.trivyignore:1)",
                "  CVE-2019-14697  musl-utils    1.1.20-r4  1.1.20-r5  -                                                            ignored (.trivyignore:1)",
                "",
                "MEDIUM (4)",
                "  ID              PACKAGE       INSTALLED  FIXED      TITLE                                                        NOTE",
                "  CVE-2019-1549   libcrypto1.1  1.1.1b-r1  1.1.1d-r0  openssl: information disclosure in fork()",
                "  CVE-2019-1551   libcrypto1.1  1.1.1b-r1  1.1.1d-r2  openssl: Integer overflow in RSAZ modular exponentiation...",
                "  CVE-2019-1549   libssl1.1     1.1.1b-r1  1.1.1d-r0  openssl: information disclosure in fork()",
                "  CVE-2019-1551   libssl1.1     1.1.1b-r1  1.1.1d-r2  openssl: Integer overflow in RSAZ modular exponentiation...",
                "",
                "2 CRITICAL (2 ignored), 4 MEDIUM: PASSED at CRITICAL",
                ""));
    }

    @Test
    void notesSayWhatTheGateMadeOfEachFinding() {
        String t = table(TrivyFixtures.debian(), Severity.LOW, true, "CVE-2019-18224 exp:2025-01-01\n");
        assertThat(t).contains("CVE-2019-18224  libidn2-0  2.0.5-1    2.0.5-1+deb10u1", "fails gate; ignore expired 2025-01-01")
                .contains("CVE-2019-18276  bash       5.0-4      -", "no fix yet, not gating")
                .endsWith("1 CRITICAL, 1 LOW (1 unfixed): FAILED at LOW\n");
    }

    @Test
    void aCleanImageIsJustTheVerdict() {
        assertThat(table(TrivyFixtures.clean(), Severity.CRITICAL, false, "")).isEqualTo("no vulnerabilities: PASSED at CRITICAL\n");
    }

    @Test
    void aTargetColumnAppearsWhenThereIsMoreThanOneTarget() {
        TrivyReport r = TrivyReportParser.parse("{\"SchemaVersion\":2,\"Results\":["
                + "{\"Target\":\"pp (alpine 3.20)\",\"Class\":\"os-pkgs\",\"Vulnerabilities\":[{\"VulnerabilityID\":\"CVE-1\","
                + "\"PkgName\":\"musl\",\"InstalledVersion\":\"1\",\"Severity\":\"HIGH\"}]},"
                + "{\"Target\":\"usr/local/bin/helm\",\"Class\":\"lang-pkgs\",\"Vulnerabilities\":[{\"VulnerabilityID\":\"CVE-2\","
                + "\"PkgName\":\"stdlib\",\"InstalledVersion\":\"v1.22.1\",\"FixedVersion\":\"1.22.2\",\"Severity\":\"HIGH\"}]}]}");
        String t = table(r, Severity.CRITICAL, false, "");
        assertThat(t).contains("TARGET", "usr/local/bin/helm", "pp (alpine 3.20)").contains("HIGH (2)");
    }
}
