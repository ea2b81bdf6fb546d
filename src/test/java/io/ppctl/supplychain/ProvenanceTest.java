package io.ppctl.supplychain;

import com.fasterxml.jackson.databind.JsonNode;
import io.ppctl.project.Project;
import io.ppctl.testing.TestProject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SLSA v1 predicate from recorded build facts, field by field, and what it leaves out when a fact is unknown
 * (no git remote, no commit, a base image not held locally). ProvenanceIT reads the same predicate back from a
 * registry after a real build.
 */
class ProvenanceTest {
    private static final String IMAGE = "sha256:" + "ab".repeat(32);
    private static final String BASE = "sha256:" + "cd".repeat(32);
    private static final String COMMIT = "1234567890abcdef1234567890abcdef12345678";
    private static final String POLICY_COMMIT = "fedcba0987654321fedcba0987654321fedcba09";
    private final TestProject project = TestProject.create().write("VERSION", "v1.0.0\n");

    @AfterEach
    void remove() {
        project.close();
    }

    private static BuildFacts facts(String commit, String remote) {
        return new BuildFacts(IMAGE, "9.8.7", Instant.parse("2026-01-02T03:04:05Z"), Instant.parse("2026-01-02T03:05:06Z"),
                "docker/Dockerfile", "ee".repeat(32), "final", List.of("VERSION", "API_TOKEN"),
                Map.of("org.opencontainers.image.version", "v1.0.0", "io.ppctl.policy.security.commit", POLICY_COMMIT),
                Map.of("KYVERNO_VERSION", "1.15.2"), commit, remote, true,
                List.of(new BuildFacts.BaseImage("busybox:1.36", BASE), new BuildFacts.BaseImage("not-pulled:1", null)),
                List.of(new BuildFacts.PolicyRepo("security", "https://git.example.com/sec.git", "v2.3.0", POLICY_COMMIT,
                        "", "sha256:" + "11".repeat(32)),
                        new BuildFacts.PolicyRepo("cluster", "https://git.example.com/cluster.git", "main", COMMIT,
                                "pod-security", "sha256:" + "22".repeat(32))),
                false, true);
    }

    private static List<String> names(JsonNode predicate) {
        List<String> out = new ArrayList<>();
        predicate.path("buildDefinition").path("resolvedDependencies").forEach(d -> out.add(d.path("name").asText()));
        return out;
    }

    @Test
    void everyFactHasItsPlace() {
        JsonNode p = Provenance.predicate(facts(COMMIT, "https://git.example.com/app.git"));
        JsonNode def = p.path("buildDefinition");
        assertThat(def.path("buildType").asText()).isEqualTo("https://ppctl.dev/build/docker/v1");
        JsonNode ext = def.path("externalParameters");
        assertThat(ext.path("dockerfile").asText()).isEqualTo("docker/Dockerfile");
        assertThat(ext.path("dockerfileDigest").path("sha256").asText()).isEqualTo("ee".repeat(32));
        assertThat(ext.path("target").asText()).isEqualTo("final");
        assertThat(ext.path("buildArgs").toString()).isEqualTo("[\"VERSION\",\"API_TOKEN\"]");
        assertThat(ext.path("labels").path("org.opencontainers.image.version").asText()).isEqualTo("v1.0.0");
        assertThat(ext.path("source").path("uri").asText()).isEqualTo("https://git.example.com/app.git");
        assertThat(ext.path("source").path("commit").asText()).isEqualTo(COMMIT);
        assertThat(def.path("internalParameters").toString()).isEqualTo("{\"dirty\":true,\"noCache\":false,\"pull\":true}");

        assertThat(names(p)).containsExactly("source", "base-image", "base-image", "tool-pin", "policy-repo/security",
                "policy-repo/cluster");
        JsonNode deps = def.path("resolvedDependencies");
        assertThat(deps.get(0).path("uri").asText()).isEqualTo("git+https://git.example.com/app.git");
        assertThat(deps.get(0).path("digest").path("gitCommit").asText()).isEqualTo(COMMIT);
        assertThat(deps.get(1).path("uri").asText()).isEqualTo("docker-image://busybox:1.36");
        assertThat(deps.get(1).path("digest").path("sha256").asText()).isEqualTo("cd".repeat(32));
        // A base image the daemon did not hold has no ID to state: named, without a digest.
        assertThat(deps.get(2).path("uri").asText()).isEqualTo("docker-image://not-pulled:1");
        assertThat(deps.get(2).has("digest")).isFalse();
        assertThat(deps.get(3).path("uri").asText()).isEqualTo("ppctl:build-arg/KYVERNO_VERSION@1.15.2");
        assertThat(deps.get(4).path("uri").asText()).isEqualTo("git+https://git.example.com/sec.git");
        assertThat(deps.get(4).path("digest").path("gitCommit").asText()).isEqualTo(POLICY_COMMIT);
        assertThat(deps.get(4).path("annotations").path("ref").asText()).isEqualTo("v2.3.0");
        assertThat(deps.get(4).path("annotations").path("filesDigest").asText()).isEqualTo("sha256:" + "11".repeat(32));
        assertThat(deps.get(5).path("uri").asText()).isEqualTo("git+https://git.example.com/cluster.git#pod-security");

        JsonNode run = p.path("runDetails");
        assertThat(run.path("builder").path("id").asText()).isEqualTo("https://ppctl.dev/ppctl");
        assertThat(run.path("builder").path("version").path("ppctl").asText()).isEqualTo("9.8.7");
        assertThat(run.path("metadata").path("invocationId").asText()).isEqualTo(IMAGE);
        assertThat(run.path("metadata").path("startedOn").asText()).isEqualTo("2026-01-02T03:04:05Z");
        assertThat(run.path("metadata").path("finishedOn").asText()).isEqualTo("2026-01-02T03:05:06Z");
    }

    @Test
    void withoutARemoteTheSourceIsTheLocalCommitAndWithoutACommitThereIsNone() {
        JsonNode local = Provenance.predicate(facts(COMMIT, null));
        assertThat(local.path("buildDefinition").path("externalParameters").has("source")).isFalse();
        assertThat(local.path("buildDefinition").path("resolvedDependencies").get(0).path("uri").asText()).isEqualTo("git+local");

        JsonNode none = Provenance.predicate(facts(null, null));
        assertThat(names(none)).doesNotContain("source");
    }

    @Test
    void theRecordPushReadsGivesTheSamePredicateAsTheBuildsFacts() {
        Project p = Project.open(project.dir(), null, Map.of());
        BuildFacts f = facts(COMMIT, "https://git.example.com/app.git");
        f.save(p);
        assertThat(Provenance.predicate(BuildFacts.load(p, IMAGE).orElseThrow())).isEqualTo(Provenance.predicate(f));
    }
}
