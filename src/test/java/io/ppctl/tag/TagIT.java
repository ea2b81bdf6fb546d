package io.ppctl.tag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ppctl.core.ExitCode;
import io.ppctl.testing.Cli;
import io.ppctl.testing.CliResult;
import io.ppctl.testing.TestDocker;
import io.ppctl.testing.TestProject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** `ppctl tag` on the real daemon: the release's names on the exact image `ppctl build` made. */
class TagIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static String base;
    private TestProject project;
    private String image;
    private String repository;

    @BeforeAll
    static void baseImage() {
        base = TestDocker.baseImage();
    }

    @AfterAll
    static void cleanup() {
        TestDocker.cleanup();
    }

    @AfterEach
    void remove() {
        if (project != null) {
            project.close();
        }
    }

    /** A project whose image is pushed (later) to a loopback registry; tagging itself never contacts it. */
    private void project(String suffix, String version) {
        image = TestDocker.prefix() + "-" + suffix;
        repository = "127.0.0.1:5999/" + TestDocker.prefix() + "/" + suffix;
        project = TestProject.git().write("VERSION", version + "\n").write(".gitignore", "target/\n")
                .write("Dockerfile", "FROM " + base + "\nCOPY VERSION /\n")
                .write("ppctl.yaml", "image:\n  name: " + image + "\nregistries:\n  - name: local\n    repository: " + repository + "\n")
                .commit("release " + version);
    }

    private CliResult ppctl(String... args) {
        List<String> all = new ArrayList<>(List.of("-C", project.dir().toString()));
        all.addAll(List.of(args));
        return Cli.run(Map.of("CI", "true"), all.toArray(String[]::new));
    }

    private String built() throws Exception {
        CliResult r = ppctl("build", "-q", "--output", "json");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return JSON.readTree(r.stdout()).get("imageId").asText();
    }

    private static String idOf(String ref) {
        TestDocker.Result r = TestDocker.tryDocker("image", "inspect", "--format", "{{.Id}}", ref);
        return r.exitCode() == 0 ? r.output().trim() : null;
    }

    @Test
    void aStableReleaseGetsVersionShaAndLatestLocallyAndForEachRegistry() throws Exception {
        project("stable", "v1.0.2");
        String id = built();
        String sha = "sha-" + project.head().substring(0, 7);
        CliResult r = ppctl("tag", "--output", "json");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode json = JSON.readTree(r.stdout());
        List<String> expected = List.of(image + ":v1.0.2", repository + ":v1.0.2", image + ":" + sha, repository + ":" + sha,
                image + ":latest", repository + ":latest");
        assertThat(json.get("applied")).extracting(JsonNode::asText).containsExactlyElementsOf(expected);
        assertThat(json.get("imageId").asText()).isEqualTo(id);
        assertThat(json.get("tags")).allSatisfy(t -> assertThat(t.get("applied").asBoolean()).isTrue());
        for (String ref : expected) {
            assertThat(idOf(ref)).as(ref).isEqualTo(id);
        }
        assertThat(r.stderr()).contains("ok tag", "3 tag(s) on " + id.substring(7, 19));
    }

    @Test
    void aPreReleaseSkipsLatestAndSaysWhy() throws Exception {
        project("rc", "v1.3.0-rc.1");
        String id = built();
        CliResult r = ppctl("tag");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains(image + ":v1.3.0-rc.1", repository + ":sha-" + project.head().substring(0, 7))
                .contains("skipped latest: v1.3.0-rc.1 is a pre-release; moving tags stay on the newest stable release")
                .doesNotContain(image + ":latest");
        assertThat(r.stderr()).contains("skips latest: v1.3.0-rc.1 is a pre-release");
        assertThat(idOf(image + ":v1.3.0-rc.1")).isEqualTo(id);
        assertThat(idOf(image + ":latest")).isNull();
        assertThat(idOf(repository + ":latest")).isNull();
    }

    @Test
    void anOlderVersionDoesNotTakeLatestFromANewerReleaseHeldLocally() throws Exception {
        project("hotfix", "v1.1.5");
        TestDocker.docker("tag", base, repository + ":v1.2.0");
        TestDocker.docker("tag", base, image + ":latest");
        String id = built();
        CliResult r = ppctl("tag", "--output", "json");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode latest = JSON.readTree(r.stdout()).get("tags").get(2);
        assertThat(latest.get("name").asText()).isEqualTo("latest");
        assertThat(latest.get("applied").asBoolean()).isFalse();
        assertThat(latest.get("skipReason").asText()).isEqualTo("v1.1.5 is older than the released v1.2.0 (local image), which keeps 'latest'");
        assertThat(idOf(image + ":v1.1.5")).isEqualTo(id);
        assertThat(idOf(image + ":latest")).isNotEqualTo(id);
    }

    @Test
    void refusesAnImageThatIsNotTheBuildOfVersionAndHead() throws Exception {
        project("moved", "v2.0.0");
        built();
        project.write("VERSION", "v2.0.1\n").commit("bump");
        CliResult r = ppctl("tag");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.USAGE.code());
        assertThat(r.stderr()).contains("ppctl: " + image + ":v2.0.0 (last build) is version v2.0.0, but VERSION says v2.0.1");
        assertThat(idOf(image + ":v2.0.1")).isNull();

        project.write("VERSION", "v2.0.0\n").write("policies/p.yaml", "kind: ClusterPolicy\n").commit("policy fix");
        CliResult moved = ppctl("tag");
        assertThat(moved.exitCode()).as(moved.toString()).isEqualTo(ExitCode.USAGE.code());
        assertThat(moved.stderr()).contains("was built from commit", "its sha tag would name the wrong commit");
    }

    @Test
    void tagsTheImageNamedWithImage() throws Exception {
        project("named", "v3.0.0");
        String id = built();
        project.delete("target");
        CliResult none = ppctl("tag");
        assertThat(none.exitCode()).isEqualTo(ExitCode.USAGE.code());
        assertThat(none.stderr()).contains("no image to work on: run 'ppctl build' first");
        CliResult r = ppctl("tag", "--image", id.substring(7, 19), "-q");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stderr()).isEmpty();
        assertThat(idOf(image + ":latest")).isEqualTo(id);
    }

    /** Row 12 of issue 15: an image without ppctl's labels is refused (exit 2) unless --force. */
    @Test
    void anImageWithoutPpctlLabelsIsRefusedUnlessForced() throws Exception {
        project("unlabelled", "v3.1.0");
        String foreign = TestDocker.prefix() + "-foreign:x";
        TestDocker.docker("tag", base, foreign);
        try {
            CliResult refused = ppctl("tag", "--image", foreign);
            assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCode.USAGE.code());
            assertThat(refused.stderr()).contains(foreign + " has no org.opencontainers.image.version or "
                    + "org.opencontainers.image.revision label", "--force");
            assertThat(idOf(image + ":v3.1.0")).isNull();

            CliResult forced = ppctl("tag", "--image", foreign, "--force");
            assertThat(forced.exitCode()).as(forced.toString()).isZero();
            assertThat(forced.stderr()).contains("tagging it anyway (--force)");
            assertThat(idOf(image + ":v3.1.0")).isEqualTo(idOf(foreign));
        } finally {
            TestDocker.tryDocker("rmi", foreign, image + ":v3.1.0", image + ":latest", image + ":sha-" + project.head().substring(0, 7),
                    repository + ":v3.1.0", repository + ":latest", repository + ":sha-" + project.head().substring(0, 7));
        }
    }
}
