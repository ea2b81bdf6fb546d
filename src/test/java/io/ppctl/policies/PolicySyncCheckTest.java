package io.ppctl.policies;

import io.ppctl.core.ExitCode;
import io.ppctl.core.PpctlException;
import io.ppctl.project.Project;
import io.ppctl.testing.CliResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The API build and release call: PolicySyncCheck.verify before building, PolicyLabels.labels for the image. */
class PolicySyncCheckTest {
    private UpstreamRepo upstream;
    private PolicyProject project;
    private String commit;

    @BeforeEach
    void create() {
        upstream = UpstreamRepo.create().write("pod-security/a.yaml", "a\n");
        commit = upstream.commit("Initial policies");
        upstream.tag("v1.0.0");
        project = PolicyProject.create().repos("security-policy " + upstream.url() + " v1.0.0", "pod " + upstream.url() + " main pod-security");
        CliResult r = project.ppctl("policies", "update");
        assertThat(r.exitCode()).as(r.toString()).isZero();
    }

    @AfterEach
    void remove() {
        project.close();
        upstream.close();
    }

    private Project open() {
        return Project.open(project.dir(), null, Map.of(RepoCache.ENV_CACHE_DIR, project.cache.toString()));
    }

    @Test
    void passesWhenPoliciesMatchTheLock() {
        assertThat(PolicySyncCheck.verify(open())).isEqualTo("2 pinned policy repos match policies.lock");
    }

    @Test
    void failsWithExit1NamingEveryRepoThatDiffers() {
        project.project.write("policies/security-policy/pod-security/a.yaml", "edited\n").delete("policies/pod");
        assertThatThrownBy(() -> PolicySyncCheck.verify(open())).isInstanceOfSatisfying(PpctlException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
            assertThat(e.getMessage()).isEqualTo("policies/ differs from policies.lock: pod (missing), security-policy "
                    + "(files differ from " + commit.substring(0, 7) + ") (run 'ppctl policies sync')");
        });
        CliResult r = project.ppctl("policies", "sync", "--check");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("policies/ differs from policies.lock");
    }

    @Test
    void anExtraFileIsADifferenceToo() {
        project.project.write("policies/pod/extra.yaml", "x\n");
        assertThatThrownBy(() -> PolicySyncCheck.verify(open())).hasMessageContaining("pod (files differ");
    }

    @Test
    void failsWhenTheLockIsBehindPpctlYaml() {
        project.repos("security-policy " + upstream.url() + " main", "pod " + upstream.url() + " main pod-security");
        assertThatThrownBy(() -> PolicySyncCheck.verify(open())).isInstanceOfSatisfying(PpctlException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
            assertThat(e.getMessage()).contains("security-policy: ref main in ppctl.yaml, v1.0.0 in the lock");
        });
    }

    @Test
    void isANoOpWithoutPolicyRepos() {
        project.project.delete("ppctl.yaml").delete("policies.lock");
        assertThat(PolicySyncCheck.verify(open())).isEqualTo("no pinned policy repos");
    }

    @Test
    void labelsNameEveryPolicyRepoAndItsCommit() {
        project.project.write("policies/local-rules/r.yaml", "r\n").commit("project with an in-project repo");
        Map<String, String> labels = PolicyLabels.labels(open());
        assertThat(labels).containsExactlyEntriesOf(new java.util.TreeMap<>(Map.of(
                "io.ppctl.policy.local-rules.commit", project.project.head(),
                "io.ppctl.policy.local-rules.source", "project",
                "io.ppctl.policy.pod.commit", commit,
                "io.ppctl.policy.pod.ref", "main",
                "io.ppctl.policy.pod.source", upstream.url(),
                "io.ppctl.policy.security-policy.commit", commit,
                "io.ppctl.policy.security-policy.ref", "v1.0.0",
                "io.ppctl.policy.security-policy.source", upstream.url())));
        assertThat(PolicyLabels.fromImageLabels(labels).get("security-policy"))
                .isEqualTo(new PolicyLabels.PolicyVersion("security-policy", commit, "v1.0.0", upstream.url()));
        assertThat(PolicyLabels.fromImageLabels(labels).keySet()).containsExactly("local-rules", "pod", "security-policy");
    }
}
