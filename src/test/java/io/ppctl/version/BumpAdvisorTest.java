package io.ppctl.version;

import io.ppctl.testing.TestProject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** On a real temporary git repository: the project's bump rules, decided from what changed since the last tag. */
class BumpAdvisorTest {
    private TestProject repo;

    @BeforeEach
    void releasedProject() {
        repo = TestProject.git()
                .write("VERSION", "v1.0.0\n")
                .write("Dockerfile", "FROM alpine\nARG KYVERNO_VERSION=v1.15.2\nARG HELM_VERSION=\"v3.19.0\"\n")
                .write("policies/security-policy/privileged.yaml", "kind: ClusterPolicy\n")
                .write("policies/backend-applications/charts/app/Chart.yaml", "name: app\n")
                .write("README.md", "hello\n")
                .commit("v1.0.0");
        repo.git("tag", "-a", "v1.0.0", "-m", "v1.0.0");
    }

    @AfterEach
    void remove() {
        repo.close();
    }

    private BumpAdvisor.Decision decide() {
        return new BumpAdvisor(new Git(repo.dir()), repo.dir(), "Dockerfile", "policies").decide();
    }

    @Test
    void nothingChangedMeansNoBump() {
        BumpAdvisor.Decision d = decide();
        assertThat(d.level()).isEmpty();
        assertThat(d.base()).isEqualTo("v1.0.0");
    }

    @Test
    void aPolicyEditIsAPatch() {
        repo.write("policies/security-policy/privileged.yaml", "kind: ClusterPolicy\n# tightened\n").commit("edit");
        BumpAdvisor.Decision d = decide();
        assertThat(d.level()).contains(BumpLevel.PATCH);
        assertThat(d.reasons()).extracting(BumpAdvisor.Reason::path).containsExactly("policies/security-policy/privileged.yaml");
    }

    @Test
    void anUncommittedChangeCountsToo() {
        repo.write("README.md", "changed\n");
        assertThat(decide().level()).contains(BumpLevel.PATCH);
    }

    @Test
    void aNewPolicyRepoIsMinor() {
        repo.write("policies/network-policy/deny.yaml", "kind: ClusterPolicy\n").commit("new repo");
        BumpAdvisor.Decision d = decide();
        assertThat(d.level()).contains(BumpLevel.MINOR);
        assertThat(d.reasons()).anySatisfy(r -> assertThat(r.why()).isEqualTo("new policy repo: network-policy"));
    }

    @Test
    void aNewToolIsMinor() {
        repo.write("Dockerfile", repo.read("Dockerfile") + "ARG PLUTO_VERSION=v5.22.0\n").commit("pluto");
        assertThat(decide().level()).contains(BumpLevel.MINOR);
    }

    @Test
    void aToolUpgradeIsMajor() {
        repo.write("Dockerfile", repo.read("Dockerfile").replace("v1.15.2", "v1.16.0")).commit("kyverno upgrade");
        BumpAdvisor.Decision d = decide();
        assertThat(d.level()).contains(BumpLevel.MAJOR);
        assertThat(d.reasons().get(0).why()).isEqualTo("tool upgrade: KYVERNO_VERSION v1.15.2 -> v1.16.0");
    }

    @Test
    void aRemovedOrRenamedPolicyRepoIsMajor() {
        repo.git("mv", "policies/security-policy", "policies/sec-policy");
        repo.commit("rename");
        BumpAdvisor.Decision d = decide();
        assertThat(d.level()).contains(BumpLevel.MAJOR);
        assertThat(d.reasons()).extracting(BumpAdvisor.Reason::why)
                .contains("policy repo removed or renamed: security-policy", "new policy repo: sec-policy");
    }

    @Test
    void withoutAVersionTagTheWholeHistoryCounts() {
        repo.git("tag", "-d", "v1.0.0");
        BumpAdvisor.Decision d = decide();
        assertThat(d.base()).isNull();
        assertThat(d.level()).contains(BumpLevel.MINOR);
    }

    @Test
    void theNewestVersionTagOnThisBranchIsTheBase() {
        repo.write("README.md", "x\n").commit("next");
        repo.git("tag", "v1.0.1");
        repo.git("tag", "not-a-version");
        assertThat(new BumpAdvisor(new Git(repo.dir()), repo.dir(), "Dockerfile", "policies").lastReleaseTag())
                .isEqualTo(Optional.of("v1.0.1"));
    }
}
