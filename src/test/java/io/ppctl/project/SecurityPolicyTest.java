package io.ppctl.project;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** policies/security-policy: real Kyverno ClusterPolicies, all enforced, each with a message a developer can act on. */
class SecurityPolicyTest {

    @Test
    void holdsTheSixPoliciesTheImagePromises() {
        assertThat(SecurityPolicies.rules()).containsOnlyKeys(
                "disallow-privileged-containers", "require-run-as-nonroot", "require-requests-limits",
                "disallow-latest-tag", "disallow-host-path", "disallow-host-namespaces");
    }

    @Test
    void everyFileIsOneClusterPolicyNamedAfterTheFile() {
        assertThat(SecurityPolicies.files()).isNotEmpty();
        for (Path f : SecurityPolicies.files()) {
            List<Object> docs = RepoFiles.yamlDocuments(RepoFiles.read(f));
            assertThat(docs).as(RepoFiles.relative(f)).hasSize(1);
            Object policy = docs.get(0);
            assertThat(RepoFiles.at(policy, "apiVersion")).as(RepoFiles.relative(f)).isEqualTo("kyverno.io/v1");
            assertThat(RepoFiles.at(policy, "kind")).as(RepoFiles.relative(f)).isEqualTo("ClusterPolicy");
            assertThat(RepoFiles.at(policy, "metadata.name")).as(RepoFiles.relative(f))
                    .isEqualTo(f.getFileName().toString().replaceFirst("\\.yaml$", ""));
            assertThat(RepoFiles.at(policy, "metadata.annotations")).as(RepoFiles.relative(f) + " annotations")
                    .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                    .containsKeys("policies.kyverno.io/title", "policies.kyverno.io/description");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyRuleValidatesPodsInEnforceModeWithAMessage() {
        for (Path f : SecurityPolicies.files()) {
            Map<String, Object> policy = RepoFiles.yamlMap(f);
            // The per-rule failureAction replaced spec.validationFailureAction (deprecated since Kyverno 1.13).
            assertThat((Map<String, Object>) policy.get("spec")).as(RepoFiles.relative(f))
                    .doesNotContainKeys("validationFailureAction", "validationFailureActionOverrides");
            List<Map<String, Object>> rules = (List<Map<String, Object>>) RepoFiles.at(policy, "spec.rules");
            assertThat(rules).as(RepoFiles.relative(f)).isNotEmpty();
            for (Map<String, Object> rule : rules) {
                String where = RepoFiles.relative(f) + " rule " + rule.get("name");
                assertThat((String) rule.get("name")).as(where).matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?");
                List<Map<String, Object>> any = (List<Map<String, Object>>) RepoFiles.at(rule, "match.any");
                assertThat(any).as(where + " match.any").isNotEmpty();
                assertThat(any).as(where + " matches Pods")
                        .anySatisfy(m -> assertThat((List<String>) RepoFiles.at(m, "resources.kinds")).contains("Pod"));
                assertThat(RepoFiles.at(rule, "validate.failureAction")).as(where).isEqualTo("Enforce");
                assertThat((String) RepoFiles.at(rule, "validate.message")).as(where + " message").isNotBlank().hasSizeGreaterThan(30);
                Map<String, Object> validate = (Map<String, Object>) rule.get("validate");
                assertThat(validate.get("pattern") != null || validate.get("anyPattern") != null)
                        .as(where + " has a pattern or an anyPattern").isTrue();
            }
        }
    }

    @Test
    void ruleNamesAreUniqueAcrossTheRepo() {
        List<String> all = SecurityPolicies.rules().values().stream().flatMap(List::stream).toList();
        assertThat(all).doesNotHaveDuplicates();
    }

    @Test
    void theReadmeDocumentsEveryPolicyAndRule() {
        String readme = RepoFiles.read(SecurityPolicies.DIR + "/README.md");
        SecurityPolicies.rules().forEach((policy, rules) -> {
            assertThat(readme).as("README names policy " + policy).contains("`" + policy + "`");
            rules.forEach(rule -> assertThat(readme).as("README names rule " + rule).contains("`" + rule + "`"));
        });
    }

    @Test
    void everyPolicyRepoHasAReadme() {
        assertThat(RepoFiles.policyRepos()).containsExactly("backend-applications", "security-policy");
        for (String repo : RepoFiles.policyRepos()) {
            assertThat(RepoFiles.path("policies/" + repo + "/README.md")).as(repo).isRegularFile();
            assertThat(RepoFiles.read("policies/" + repo + "/README.md")).as(repo).startsWith("# " + repo);
        }
    }
}
