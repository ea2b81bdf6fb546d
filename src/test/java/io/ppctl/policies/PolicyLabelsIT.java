package io.ppctl.policies;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ppctl.project.Project;
import io.ppctl.testing.CliResult;
import io.ppctl.testing.TestDocker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
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

            Project p = Project.open(project.dir(), null, Map.of(RepoCache.ENV_CACHE_DIR, project.cache.toString()));
            PolicySyncCheck.verify(p);
            // TODO(lead, after merging the build branch): build through `ppctl build`, which calls
            // PolicySyncCheck.verify and adds PolicyLabels.labels; until then the docker CLI applies the same labels.
            String tag = TestDocker.prefix() + "-policies:test";
            List<String> build = new ArrayList<>(List.of("build", "-q", "--label", TestDocker.RUN_LABEL + "=" + TestDocker.RUN_ID));
            PolicyLabels.labels(p).forEach((k, v) -> build.addAll(List.of("--label", k + "=" + v)));
            build.addAll(List.of("-t", tag, project.dir().toString()));
            TestDocker.docker(build.toArray(String[]::new));

            Map<String, String> labels = new ObjectMapper().readValue(
                    TestDocker.docker("image", "inspect", "--format", "{{json .Config.Labels}}", tag), new TypeReference<>() {});
            assertThat(labels).containsEntry("io.ppctl.policy.security-policy.commit", commit)
                    .containsEntry("io.ppctl.policy.security-policy.ref", "v2.3.0");
            assertThat(PolicyLabels.fromImageLabels(labels).get("security-policy").commit()).isEqualTo(commit);
            assertThat(TestDocker.docker("run", "--rm", "--name", TestDocker.prefix() + "-policies-cat", tag,
                    "cat", "/repos/security-policy/pod-security/require-labels.yaml")).isEqualTo("name: require-labels\n");
        }
    }
}
