package io.ppctl.policies;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ppctl.testing.CliResult;
import io.ppctl.testing.TestDocker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A built image answers "which policy versions are inside" from its labels, and carries the pinned files under /repos. */
class PolicyLabelsIT {

    @AfterAll
    static void cleanup() {
        TestDocker.cleanup();
    }

    @Test
    void theImageCarriesACommitLabelPerPolicyRepoAndThePinnedFiles() throws Exception {
        try (UpstreamRepo upstream = UpstreamRepo.create(); PolicyProject project = PolicyProject.create()) {
            String commit = upstream.write("pod-security/require-labels.yaml", "name: require-labels\n").commit("Policies");
            upstream.tag("v2.3.0");
            project.repos("security-policy " + upstream.url() + " v2.3.0");
            CliResult update = project.ppctl("policies", "update");
            assertThat(update.exitCode()).as(update.toString()).isZero();
            project.project.write("Dockerfile", "FROM " + TestDocker.baseImage() + "\nCOPY policies/ /repos/\n");
            project.project.write("VERSION", "v1.0.0\n");
            String name = TestDocker.prefix() + "-policies";
            project.project.write("ppctl.yaml", "image: {name: " + name + "}\n" + project.project.read("ppctl.yaml"));

            CliResult build = project.ppctl("build");
            assertThat(build.exitCode()).as(build.toString()).isZero();
            String tag = name + ":v1.0.0";

            Map<String, String> labels = new ObjectMapper().readValue(
                    TestDocker.docker("image", "inspect", "--format", "{{json .Config.Labels}}", tag), new TypeReference<>() {});
            assertThat(labels).containsEntry("io.ppctl.policy.security-policy.commit", commit)
                    .containsEntry("io.ppctl.policy.security-policy.ref", "v2.3.0");
            assertThat(PolicyLabels.fromImageLabels(labels).get("security-policy").commit()).isEqualTo(commit);
            assertThat(TestDocker.docker("run", "--rm", "--name", TestDocker.prefix() + "-policies-cat", tag,
                    "cat", "/repos/security-policy/pod-security/require-labels.yaml")).isEqualTo("name: require-labels\n");
        }
    }

    @Test
    void buildRefusesPoliciesThatDifferFromTheLock() throws Exception {
        try (UpstreamRepo upstream = UpstreamRepo.create(); PolicyProject project = PolicyProject.create()) {
            upstream.write("pod-security/require-labels.yaml", "name: require-labels\n").commit("Policies");
            project.repos("security-policy " + upstream.url() + " main");
            assertThat(project.ppctl("policies", "update").exitCode()).isZero();
            project.project.write("Dockerfile", "FROM " + TestDocker.baseImage() + "\nCOPY policies/ /repos/\n");
            project.project.write("VERSION", "v1.0.0\n");
            project.project.write("ppctl.yaml", "image: {name: " + TestDocker.prefix() + "-drift}\n" + project.project.read("ppctl.yaml"));
            project.project.write("policies/security-policy/pod-security/require-labels.yaml", "name: edited by hand\n");

            CliResult build = project.ppctl("build");
            assertThat(build.exitCode()).as(build.toString()).isEqualTo(1);
            assertThat(build.stderr()).contains("policies/ differs from policies.lock: security-policy");
            assertThat(TestDocker.imageExists(TestDocker.prefix() + "-drift:v1.0.0")).isFalse();
        }
    }
}
