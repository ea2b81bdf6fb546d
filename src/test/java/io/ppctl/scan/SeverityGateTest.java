package io.ppctl.scan;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ppctl's gate over Trivy's real reports: thresholds, the ignore file, ignoreUnfixed, the verdict line. */
class SeverityGateTest {
    private static final LocalDate TODAY = LocalDate.of(2025, 6, 1);

    private static Verdict gate(TrivyReport report, Severity threshold, boolean ignoreUnfixed, String ignoreFile) {
        return new SeverityGate(threshold, ignoreUnfixed, IgnoreFile.parse(".trivyignore", ignoreFile))
                .evaluate(report.findings(), TODAY);
    }

    @Test
    void twoCriticalFindingsFailAtCritical() {
        Verdict v = gate(TrivyFixtures.alpine(), Severity.CRITICAL, false, "");
        assertThat(v.passed()).isFalse();
        assertThat(v.line()).isEqualTo("2 CRITICAL, 4 MEDIUM: FAILED at CRITICAL");
        assertThat(v.failing()).extracting(a -> a.finding().pkgName()).containsExactly("musl", "musl-utils");
    }

    @Test
    void theThresholdDecidesWhichSeveritiesFail() {
        assertThat(gate(TrivyFixtures.alpine(), Severity.HIGH, false, "").failing()).hasSize(2);
        assertThat(gate(TrivyFixtures.alpine(), Severity.MEDIUM, false, "").failing()).hasSize(6);
        Verdict low = gate(TrivyFixtures.debian(), Severity.LOW, false, "");
        assertThat(low.failing()).extracting(a -> a.finding().id()).containsExactly("CVE-2019-18224", "CVE-2019-18276");
        assertThat(low.line()).isEqualTo("1 CRITICAL, 1 LOW: FAILED at LOW");
    }

    @Test
    void findingsBelowTheThresholdAreShownButDoNotFail() {
        Verdict v = gate(TrivyFixtures.alpine(), Severity.CRITICAL, false, "CVE-2019-14697\n");
        assertThat(v.passed()).isTrue();
        assertThat(v.findings()).hasSize(6);
        assertThat(v.findings()).filteredOn(a -> a.status() == Verdict.Status.BELOW_THRESHOLD).hasSize(4);
        assertThat(v.line()).isEqualTo("2 CRITICAL (2 ignored), 4 MEDIUM: PASSED at CRITICAL");
    }

    @Test
    void findingsAreOrderedHighestSeverityFirst() {
        Verdict v = gate(TrivyFixtures.alpine(), Severity.CRITICAL, false, "");
        assertThat(v.findings()).extracting(a -> a.finding().severity()).containsExactly(Severity.CRITICAL,
                Severity.CRITICAL, Severity.MEDIUM, Severity.MEDIUM, Severity.MEDIUM, Severity.MEDIUM);
        assertThat(v.counts().keySet()).containsExactly(Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW,
                Severity.UNKNOWN);
        assertThat(v.counts().get(Severity.CRITICAL)).isEqualTo(new Verdict.Count(2, 0, 0, 2));
        assertThat(v.counts().get(Severity.HIGH)).isEqualTo(new Verdict.Count(0, 0, 0, 0));
    }

    @Test
    void anIgnoredFindingIsListedAsIgnoredWithItsLine() {
        Verdict v = gate(TrivyFixtures.debian(), Severity.CRITICAL, false, "# accepted: not reachable\nCVE-2019-18224\n");
        assertThat(v.passed()).isTrue();
        Verdict.Assessed libidn = v.findings().get(0);
        assertThat(libidn.status()).isEqualTo(Verdict.Status.IGNORED);
        assertThat(libidn.ignoredBy().line()).isEqualTo(2);
        assertThat(v.ignored()).hasSize(1);
        assertThat(v.line()).isEqualTo("1 CRITICAL (1 ignored), 1 LOW: PASSED at CRITICAL");
    }

    @Test
    void anExpiredIgnoreNoLongerAppliesAndIsReported() {
        Verdict v = gate(TrivyFixtures.debian(), Severity.CRITICAL, false,
                "CVE-2019-18224 exp:2025-06-01\nCVE-2019-18276 exp:2025-06-02\n");
        assertThat(v.passed()).isFalse();
        assertThat(v.line()).isEqualTo("1 CRITICAL, 1 LOW (1 ignored): FAILED at CRITICAL");
        Verdict.Assessed libidn = v.findings().get(0);
        assertThat(libidn.status()).isEqualTo(Verdict.Status.FAILS_GATE);
        assertThat(libidn.expiredIgnore().expires()).isEqualTo(LocalDate.of(2025, 6, 1));
        assertThat(v.expiredIgnores()).extracting(IgnoreFile.Entry::id).containsExactly("CVE-2019-18224");
        assertThat(v.findings().get(1).status()).isEqualTo(Verdict.Status.IGNORED);
    }

    @Test
    void ignoreUnfixedSparesOnlyFindingsWithoutAFixedVersion() {
        Verdict v = gate(TrivyFixtures.debian(), Severity.LOW, true, "");
        assertThat(v.passed()).isFalse();
        assertThat(v.failing()).extracting(a -> a.finding().id()).containsExactly("CVE-2019-18224");
        assertThat(v.findings().get(1).status()).isEqualTo(Verdict.Status.UNFIXED);
        assertThat(v.line()).isEqualTo("1 CRITICAL, 1 LOW (1 unfixed): FAILED at LOW");
        Verdict both = gate(TrivyFixtures.debian(), Severity.LOW, true, "CVE-2019-18224 # libidn2 is never called\n");
        assertThat(both.passed()).isTrue();
        assertThat(both.line()).isEqualTo("1 CRITICAL (1 ignored), 1 LOW (1 unfixed): PASSED at LOW");
    }

    @Test
    void withoutIgnoreUnfixedAnUnfixedFindingFailsLikeAnyOther() {
        Verdict v = gate(TrivyFixtures.debian(), Severity.LOW, false, "CVE-2019-18224\n");
        assertThat(v.failing()).extracting(a -> a.finding().id()).containsExactly("CVE-2019-18276");
    }

    @Test
    void aCleanReportPasses() {
        Verdict v = gate(TrivyFixtures.clean(), Severity.LOW, false, "CVE-2019-18224 exp:2020-01-01\n");
        assertThat(v.passed()).isTrue();
        assertThat(v.findings()).isEmpty();
        assertThat(v.line()).isEqualTo("no vulnerabilities: PASSED at LOW");
        assertThat(v.expiredIgnores()).hasSize(1);
    }

    @Test
    void unknownSeverityNeverFailsTheGate() {
        TrivyReport r = TrivyReportParser.parse("{\"SchemaVersion\":2,\"Results\":[{\"Target\":\"t\",\"Vulnerabilities\":"
                + "[{\"VulnerabilityID\":\"GHSA-x\",\"PkgName\":\"p\",\"InstalledVersion\":\"1\",\"FixedVersion\":\"2\","
                + "\"Severity\":\"UNKNOWN\"}]}]}");
        Verdict v = new SeverityGate(Severity.LOW, false, IgnoreFile.none()).evaluate(r.findings(), TODAY);
        assertThat(v.passed()).isTrue();
        assertThat(v.line()).isEqualTo("1 UNKNOWN: PASSED at LOW");
        assertThatThrownBy(() -> new SeverityGate(Severity.UNKNOWN, false, IgnoreFile.none()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
