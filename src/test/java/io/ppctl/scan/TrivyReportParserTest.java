package io.ppctl.scan;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

/** The parser on Trivy's own golden reports, and on what a broken scanner might leave behind. */
class TrivyReportParserTest {

    @Test
    void readsEveryVulnerabilityOfTheAlpineReportInTrivysOrder() {
        TrivyReport r = TrivyFixtures.alpine();
        assertThat(r.schemaVersion()).isEqualTo(2);
        assertThat(r.artifactType()).isEqualTo("container_image");
        assertThat(r.os()).isEqualTo("alpine 3.9.4");
        assertThat(r.targets()).containsExactly("testdata/fixtures/images/alpine-39.tar.gz (alpine 3.9.4)");
        assertThat(r.findings()).extracting(Finding::id, Finding::pkgName, Finding::severity).containsExactly(
                tuple("CVE-2019-1549", "libcrypto1.1", Severity.MEDIUM),
                tuple("CVE-2019-1551", "libcrypto1.1", Severity.MEDIUM),
                tuple("CVE-2019-1549", "libssl1.1", Severity.MEDIUM),
                tuple("CVE-2019-1551", "libssl1.1", Severity.MEDIUM),
                tuple("CVE-2019-14697", "musl", Severity.CRITICAL),
                tuple("CVE-2019-14697", "musl-utils", Severity.CRITICAL));
    }

    @Test
    void keepsVersionsUrlsAndTheCvssScoreOfTheSeveritySource() {
        Finding musl = TrivyFixtures.alpine().findings().get(4);
        assertThat(musl.installedVersion()).isEqualTo("1.1.20-r4");
        assertThat(musl.fixedVersion()).isEqualTo("1.1.20-r5");
        assertThat(musl.hasFix()).isTrue();
        assertThat(musl.primaryUrl()).isEqualTo("https://avd.aquasec.com/nvd/cve-2019-14697");
        assertThat(musl.cvssScore()).isEqualTo(9.8);
        assertThat(musl.resultClass()).isEqualTo("os-pkgs");
        assertThat(musl.target()).endsWith("(alpine 3.9.4)");
    }

    @Test
    void anAbsentTitleOrFixedVersionIsEmptyNotAnError() {
        Finding musl = TrivyFixtures.alpine().findings().get(4);
        assertThat(musl.title()).isEmpty();
        assertThat(musl.description()).startsWith("musl libc through 1.1.23");
        Finding bash = TrivyFixtures.debian().findings().get(0);
        assertThat(bash.id()).isEqualTo("CVE-2019-18276");
        assertThat(bash.severity()).isEqualTo(Severity.LOW);
        assertThat(bash.fixedVersion()).isEmpty();
        assertThat(bash.hasFix()).isFalse();
        assertThat(bash.title()).startsWith("bash: when effective UID");
        assertThat(bash.cvssScore()).isNull();
    }

    @Test
    void aCleanImageHasNoResultsKeyAndNoFindings() {
        TrivyReport r = TrivyFixtures.clean();
        assertThat(r.findings()).isEmpty();
        assertThat(r.targets()).isEmpty();
        assertThat(r.os()).isEmpty();
        assertThat(r.raw().get("ArtifactName").asText()).isEqualTo("testdata/fixtures/images/alpine-39.tar.gz");
    }

    @Test
    void aResultWithoutVulnerabilitiesIsATargetWithNoFindings() {
        TrivyReport r = TrivyReportParser.parse("{\"SchemaVersion\":2,\"Results\":[{\"Target\":\"usr/local/bin/helm\","
                + "\"Class\":\"lang-pkgs\",\"Type\":\"gobinary\"}]}");
        assertThat(r.targets()).containsExactly("usr/local/bin/helm");
        assertThat(r.findings()).isEmpty();
    }

    @Test
    void anUnknownSeverityIsKeptAsUnknown() {
        TrivyReport r = TrivyReportParser.parse("{\"SchemaVersion\":2,\"Results\":[{\"Target\":\"t\",\"Vulnerabilities\":"
                + "[{\"VulnerabilityID\":\"GHSA-x\",\"PkgName\":\"p\",\"InstalledVersion\":\"1\",\"Severity\":\"NEGLIGIBLE\"}]}]}");
        assertThat(r.findings().get(0).severity()).isEqualTo(Severity.UNKNOWN);
    }

    @Test
    void garbageIsRejectedWithWhatItStartsWith() {
        assertThatThrownBy(() -> TrivyReportParser.parse("2024-01-01T00:00:00Z\tINFO\tNeed to update DB\n"))
                .isInstanceOf(TrivyReportParser.InvalidReportException.class)
                .hasMessageContaining("not JSON").hasMessageContaining("Need to update DB");
        assertThatThrownBy(() -> TrivyReportParser.parse("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> TrivyReportParser.parse("[1,2]")).hasMessageContaining("not a JSON object");
    }

    @Test
    void otherSchemaVersionsAndOtherFormatsAreRejected() {
        assertThatThrownBy(() -> TrivyReportParser.parse("[{\"Target\":\"x\",\"Vulnerabilities\":null}]"))
                .hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> TrivyReportParser.parse("{\"SchemaVersion\":1,\"Results\":[]}"))
                .hasMessageContaining("SchemaVersion 1");
        assertThatThrownBy(() -> TrivyReportParser.parse("{\"version\":\"2.1.0\",\"runs\":[]}"))
                .hasMessageContaining("no SchemaVersion");
        assertThatThrownBy(() -> TrivyReportParser.parse("{\"SchemaVersion\":2,\"Results\":{}}"))
                .hasMessageContaining("Results is not a list");
        assertThatThrownBy(() -> TrivyReportParser.parse("{\"SchemaVersion\":2,\"Results\":[{\"Vulnerabilities\":[{}]}]}"))
                .hasMessageContaining("Results[0].Vulnerabilities[0] has no VulnerabilityID");
    }
}
