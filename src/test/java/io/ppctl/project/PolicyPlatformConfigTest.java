package io.ppctl.project;

import io.ppctl.config.ConfigLoader;
import io.ppctl.config.IntegrationCase;
import io.ppctl.config.PpctlConfig;
import io.ppctl.config.SmokeTestsConfig;
import io.ppctl.version.BumpAdvisor;
import io.ppctl.version.Version;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** ppctl.yaml and ppctl.weekly.yaml of this repository load with ppctl's own loader and fit the files they name. */
class PolicyPlatformConfigTest {
    private static final PpctlConfig CONFIG = ConfigLoader.load(RepoFiles.path("ppctl.yaml"), true);
    private static final PpctlConfig WEEKLY = ConfigLoader.load(RepoFiles.path("ppctl.weekly.yaml"), true);

    @Test
    void versionFileStartsTheProjectsHistory() {
        assertThat(Version.parse(RepoFiles.read("VERSION").strip())).isPresent();
        assertThat(CONFIG.version().file()).isEqualTo("VERSION");
    }

    @Test
    void releasesTheImageToGhcrWithTheVersionCommitAndLatestTags() {
        assertThat(CONFIG.image().name()).isEqualTo("policy-platform");
        assertThat(CONFIG.image().dockerfile()).isEqualTo("Dockerfile");
        assertThat(CONFIG.tags()).containsExactly("{{version}}", "sha-{{sha}}", "latest");
        assertThat(CONFIG.registries()).singleElement().satisfies(r -> {
            assertThat(r.name()).isEqualTo("ghcr");
            assertThat(r.host()).isEqualTo("ghcr.io");
            assertThat(r.path()).endsWith("/policy-platform");
            assertThat(r.insecure()).isFalse();
        });
    }

    @Test
    void theScanGateFailsOnCriticalFindings() {
        assertThat(CONFIG.scan().failOn()).isEqualTo("CRITICAL");
        assertThat(RepoFiles.path(CONFIG.scan().ignoreFile())).isRegularFile();
        assertThat(RepoFiles.read(CONFIG.scan().ignoreFile()).lines().filter(l -> !l.isBlank() && !l.startsWith("#")))
                .as("accepted vulnerabilities in a new project").isEmpty();
    }

    @Test
    void smokeTestsPinEveryToolVersionOfTheDockerfile() {
        Map<String, String> tools = BumpAdvisor.toolVersions(RepoFiles.read("Dockerfile"));
        assertThat(tools).isNotEmpty();
        tools.forEach((arg, version) -> {
            String tool = arg.substring(0, arg.length() - "_VERSION".length()).toLowerCase(Locale.ROOT);
            SmokeTestsConfig.CommandCheck check = CONFIG.smokeTests().commands().stream()
                    .filter(c -> c.name().equals(tool)).findFirst()
                    .orElseThrow(() -> new AssertionError("no smoke test named '" + tool + "' checks " + arg + "=" + version));
            assertThat(check.command().get(0)).isEqualTo(tool);
            assertThat(check.expectedOutput()).as(tool + " output patterns").isNotEmpty();
            // The pattern names this exact version: it accepts it and refuses the next patch release.
            assertThat(check.expectedOutput()).as(tool + " pins " + version)
                    .anyMatch(p -> p.pattern().replace("\\.", ".").contains(version)
                            && !p.pattern().replace("\\.", ".").contains(nextPatch(version)));
        });
    }

    @Test
    void smokeTestsFindEveryPolicyRepoInTheImage() {
        Set<String> directories = CONFIG.smokeTests().files().stream()
                .filter(f -> f.type().equals("directory") && f.shouldExist()).map(SmokeTestsConfig.FileCheck::path)
                .collect(Collectors.toSet());
        for (String repo : RepoFiles.policyRepos()) {
            assertThat(directories).as("smokeTests.files checks /repos/" + repo).contains("/repos/" + repo);
        }
        for (SmokeTestsConfig.FileCheck f : CONFIG.smokeTests().files()) {
            if (f.path().startsWith("/repos/")) {
                assertThat(RepoFiles.path("policies/" + f.path().substring("/repos/".length())))
                        .as(f.path() + " is copied from policies/").exists();
            }
        }
        assertThat(CONFIG.smokeTests().metadata().user()).isEqualTo("10001:10001");
        assertThat(CONFIG.smokeTests().metadata().workdir()).isEqualTo("/workspace");
    }

    @Test
    void integrationCasesExpectBothPassesAndFailures() {
        List<IntegrationCase> cases = CONFIG.integrationTests();
        assertThat(cases).anyMatch(IntegrationCase::expectPass);
        assertThat(cases).filteredOn(c -> !c.expectPass()).hasSizeGreaterThanOrEqualTo(1);
        assertThat(cases).filteredOn(c -> c.name().equals("defaults-pass-every-policy")).singleElement()
                .satisfies(c -> assertThat(c.values()).isEmpty());
    }

    @Test
    void everyCaseUsesAChartPolicyRepoAndValuesFilesThatExist() {
        for (IntegrationCase c : CONFIG.integrationTests()) {
            assertThat(inProject(c.chart()).resolve("Chart.yaml")).as(c.name() + " chart").isRegularFile();
            assertThat(inProject(c.policies())).as(c.name() + " policies").isDirectory();
            for (String v : c.values()) {
                assertThat(inProject(v)).as(c.name() + " values").isRegularFile();
            }
        }
    }

    @Test
    void everyValuesFileUnderTestsIntegrationIsUsed() {
        Set<Path> used = CONFIG.integrationTests().stream().flatMap(c -> c.values().stream()).map(PolicyPlatformConfigTest::inProject)
                .collect(Collectors.toSet());
        assertThat(RepoFiles.files("tests/integration", ".yaml")).allSatisfy(f -> assertThat(used).contains(f));
    }

    @Test
    void expectedViolationsNameRulesThatExist() {
        Set<String> reportable = SecurityPolicies.reportableViolations();
        Set<String> unknown = new TreeSet<>();
        for (IntegrationCase c : CONFIG.integrationTests()) {
            c.expectViolations().stream().filter(v -> !reportable.contains(v)).forEach(v -> unknown.add(c.name() + ": " + v));
        }
        assertThat(unknown).as("<policy>/<rule> names not in " + SecurityPolicies.DIR).isEmpty();
    }

    @Test
    void everyPolicyHasACaseThatBreaksOnlyIt() {
        for (String policy : SecurityPolicies.rules().keySet()) {
            assertThat(CONFIG.integrationTests()).as("a failing case for " + policy)
                    .anyMatch(c -> !c.expectPass() && !c.expectViolations().isEmpty()
                            && c.expectViolations().stream().allMatch(v -> SecurityPolicies.policyOf(v).equals(policy)));
        }
    }

    @Test
    void everyRuleHasAFailingCaseNamingItAsKyvernoReportsItForTheDeployment() {
        SecurityPolicies.rules().forEach((policy, rules) -> {
            for (String rule : rules) {
                String reported = policy + "/autogen-" + rule;
                assertThat(CONFIG.integrationTests()).as("a case that breaks only " + reported)
                        .anyMatch(c -> !c.expectPass() && c.expectViolations().equals(List.of(reported)));
            }
        });
    }

    @Test
    void oneCaseRendersARemovedKubernetesApiForTheDeprecationCheck() {
        assertThat(CONFIG.integrationTests()).filteredOn(c -> c.name().equals("removed-ingress-api")).singleElement()
                .satisfies(c -> {
                    assertThat(c.expectPass()).isFalse();
                    assertThat(c.expectViolations()).as("no Kyverno policy matches an Ingress").isEmpty();
                    assertThat(c.deprecationsKubernetes()).isNotNull();
                    // extensions/v1beta1 Ingress was removed in Kubernetes 1.22.
                    assertThat(Version.of(c.deprecationsKubernetes()).compareTo(Version.of("v1.22.0"))).isPositive();
                    Map<String, Object> values = RepoFiles.yamlMap(inProject(c.values().get(0)));
                    assertThat(RepoFiles.at(values, "ingress.enabled")).isEqualTo(true);
                    assertThat(RepoFiles.at(values, "ingress.legacyApi")).isEqualTo(true);
                });
        assertThat(RepoFiles.read("policies/backend-applications/charts/app/templates/ingress-legacy.yaml"))
                .contains("apiVersion: extensions/v1beta1");
    }

    @Test
    void theWeeklyConfigDiffersFromTheReleaseConfigOnlyInItsTags() {
        PpctlConfig weeklyWithReleaseTags = new PpctlConfig(WEEKLY.image(), WEEKLY.version(), CONFIG.tags(),
                WEEKLY.registries(), WEEKLY.smokeTests(), WEEKLY.integrationTests(), WEEKLY.scan(), WEEKLY.policyRepos(),
                WEEKLY.push(), WEEKLY.consumers(), WEEKLY.signing());
        assertThat(comparable(weeklyWithReleaseTags)).as("ppctl.weekly.yaml must equal ppctl.yaml in everything but tags")
                .isEqualTo(comparable(CONFIG));
    }

    @Test
    void theWeeklyRebuildNeverTakesTheVersionOrCommitTag() {
        assertThat(WEEKLY.tags()).containsExactly("{{version}}-{{date}}", "latest");
        assertThat(WEEKLY.tags()).doesNotContain("{{version}}", "sha-{{sha}}");
    }

    /** A path from the config: /repos/<repo>/... inside the image is policies/<repo>/... here; ./x is the project's. */
    static Path inProject(String path) {
        if (path.startsWith("/repos/")) {
            return RepoFiles.path("policies/" + path.substring("/repos/".length()));
        }
        return RepoFiles.path(path.startsWith("./") ? path.substring(2) : path);
    }

    /** java.util.regex.Pattern has no equals(); the records' text holds each pattern's source, which is what counts. */
    private static String comparable(PpctlConfig c) {
        return c.toString();
    }

    private static String nextPatch(String version) {
        String[] parts = version.split("\\.");
        return parts[0] + "." + parts[1] + "." + (Integer.parseInt(parts[2]) + 1);
    }
}
