package io.ppctl.policies;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ppctl.testing.CliResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** ppctl policies sync / update / list against real git repositories reached by file:// URLs (no network). */
class PoliciesCommandTest {
    private UpstreamRepo upstream;
    private PolicyProject project;
    private String first;

    @BeforeEach
    void create() {
        upstream = UpstreamRepo.create()
                .write("pod-security/require-labels.yaml", "kind: ClusterPolicy\nname: require-labels\n")
                .write("best-practices/no-latest.yaml", "kind: ClusterPolicy\nname: no-latest\n")
                .write("bin/check.sh", "#!/bin/sh\necho ok\n").executable("bin/check.sh");
        first = upstream.commit("Initial policies");
        upstream.tag("v2.3.0");
        project = PolicyProject.create().repos("security-policy " + upstream.url() + " main");
    }

    @AfterEach
    void remove() {
        project.close();
        upstream.close();
    }

    private static void ok(CliResult r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
    }

    @Test
    void updatePinsANewRepoWritesItsFilesAndSuggestsMinor() throws Exception {
        CliResult r = project.ppctl("policies", "update");
        ok(r);
        assertThat(r.stdout()).contains("security-policy: added at " + first.substring(0, 7) + " (main, branch)",
                "bump: minor (new policy repo)", "bump: minor  v1.2.3 -> v1.3.0 (VERSION unchanged; --bump writes it)");
        assertThat(project.read("policies/security-policy/pod-security/require-labels.yaml")).contains("require-labels");
        assertThat(Files.getPosixFilePermissions(project.dir().resolve("policies/security-policy/bin/check.sh")))
                .contains(PosixFilePermission.OWNER_EXECUTE);
        assertThat(project.read("policies.lock")).contains("\"commit\": \"" + first + "\"", "\"ref\": \"main\"",
                "\"url\": \"" + upstream.url() + "\"", "\"digest\": \"sha256:");
        assertThat(project.read("VERSION")).isEqualTo("v1.2.3\n");
    }

    @Test
    void firstSyncOnAFreshCloneWritesExactlyWhatTheLockPins() throws Exception {
        ok(project.ppctl("policies", "update"));
        try (PolicyProject clone = PolicyProject.create()) {
            clone.project.write("ppctl.yaml", project.read("ppctl.yaml")).write("policies.lock", project.read("policies.lock"));
            CliResult r = clone.ppctl("policies", "sync");
            ok(r);
            assertThat(r.stdout()).contains("security-policy  " + first.substring(0, 7) + "  main  written");
            assertThat(LocalTree.read(clone.dir().resolve("policies/security-policy")))
                    .isEqualTo(LocalTree.read(project.dir().resolve("policies/security-policy")));
            assertThat(clone.ppctl("policies", "sync", "--check").exitCode()).isZero();
        }
    }

    @Test
    void syncIsANoOpWhenInSyncAndNeedsNoNetworkWhenTheCacheHasTheCommits() {
        ok(project.ppctl("policies", "update"));
        List<String> before = project.exactState();
        upstream.hide(true);
        CliResult r = project.ppctl("policies", "sync");
        upstream.hide(false);
        ok(r);
        assertThat(r.stdout()).contains("security-policy  " + first.substring(0, 7) + "  main  in sync");
        assertThat(r.stderr()).doesNotContain("fetching");
        assertThat(project.exactState()).isEqualTo(before);
    }

    @Test
    void syncRestoresAMissingRepoFromTheCacheWithoutTheNetwork() {
        ok(project.ppctl("policies", "update"));
        project.project.delete("policies/security-policy");
        upstream.hide(true);
        CliResult r = project.ppctl("policies", "sync");
        upstream.hide(false);
        ok(r);
        assertThat(project.read("policies/security-policy/best-practices/no-latest.yaml")).contains("no-latest");
    }

    @Test
    void upstreamCommitThenUpdateReportsCommitsFilesAndAPatchBump() {
        ok(project.ppctl("policies", "update"));
        String lockBefore = project.read("policies.lock");
        upstream.write("pod-security/require-labels.yaml", "kind: ClusterPolicy\nname: require-labels\nseverity: high\n")
                .write("pod-security/no-privileged.yaml", "kind: ClusterPolicy\n")
                .delete("best-practices/no-latest.yaml");
        upstream.commit("Tighten require-labels");
        String second = upstream.write("pod-security/no-privileged.yaml", "kind: ClusterPolicy\nname: no-privileged\n")
                .commit("Add no-privileged");

        CliResult r = project.ppctl("policies", "update", "--bump");
        ok(r);
        assertThat(r.stdout()).contains(
                "security-policy: " + first.substring(0, 7) + " -> " + second.substring(0, 7) + " (main, branch)",
                "commits:\n    Add no-privileged\n    Tighten require-labels",
                "files: 1 added, 1 changed, 1 removed",
                "+ pod-security/no-privileged.yaml", "~ pod-security/require-labels.yaml", "- best-practices/no-latest.yaml",
                "bump: patch (policy content changed)", "v1.2.3 -> v1.2.4 (written to VERSION)");
        assertThat(project.read("VERSION")).isEqualTo("v1.2.4\n");
        assertThat(project.read("policies.lock")).isNotEqualTo(lockBefore).contains(second);
        assertThat(project.dir().resolve("policies/security-policy/best-practices/no-latest.yaml")).doesNotExist();
        assertThat(project.read("policies/security-policy/pod-security/no-privileged.yaml")).contains("no-privileged");
        assertThat(project.ppctl("policies", "sync", "--check").exitCode()).isZero();
    }

    @Test
    void updateWhenNothingChangedSaysSoAndWritesNothing() {
        ok(project.ppctl("policies", "update"));
        List<String> before = project.exactState();
        CliResult r = project.ppctl("policies", "update", "--bump");
        ok(r);
        assertThat(r.stdout()).contains("security-policy: up to date at " + first.substring(0, 7),
                "no release needed: no policy content changed");
        assertThat(project.exactState()).isEqualTo(before);
    }

    @Test
    void filesMovedBetweenFoldersAreAMajorBump() {
        ok(project.ppctl("policies", "update"));
        upstream.move("best-practices/no-latest.yaml", "pod-security/no-latest.yaml").commit("Regroup policies");
        CliResult r = project.ppctl("policies", "update", "--output", "json");
        ok(r);
        JsonNode json = json(r);
        assertThat(json.get("level").asText()).isEqualTo("major");
        JsonNode moved = json.get("repos").get(0).get("files").get("moved").get(0);
        assertThat(moved.get("from").asText()).isEqualTo("best-practices/no-latest.yaml");
        assertThat(moved.get("to").asText()).isEqualTo("pod-security/no-latest.yaml");
    }

    @Test
    void aNewRepoIsAMinorBump() {
        ok(project.ppctl("policies", "update"));
        project.repos("security-policy " + upstream.url() + " main", "pod-security " + upstream.url() + " v2.3.0 pod-security");
        CliResult r = project.ppctl("policies", "update", "--bump");
        ok(r);
        assertThat(r.stdout()).contains("pod-security: added at " + first.substring(0, 7) + " (v2.3.0, tag)",
                "security-policy: up to date", "v1.2.3 -> v1.3.0 (written to VERSION)");
        assertThat(project.read("policies/pod-security/require-labels.yaml")).contains("require-labels");
    }

    @Test
    void aRemovedRepoIsAMajorBumpAndItsFolderGoes() {
        project.repos("security-policy " + upstream.url() + " main", "extra " + upstream.url() + " v2.3.0 best-practices");
        ok(project.ppctl("policies", "update"));
        assertThat(project.dir().resolve("policies/extra")).isDirectory();
        project.repos("security-policy " + upstream.url() + " main");
        CliResult r = project.ppctl("policies", "update");
        ok(r);
        assertThat(r.stdout()).contains("extra: removed (was " + first.substring(0, 7) + ")",
                "bump: major (policy repo removed)", "v1.2.3 -> v2.0.0");
        assertThat(project.dir().resolve("policies/extra")).doesNotExist();
        assertThat(project.read("policies.lock")).doesNotContain("\"extra\"");
    }

    @Test
    void aRenamedRepoIsAMajorBump() {
        ok(project.ppctl("policies", "update"));
        project.repos("security " + upstream.url() + " main");
        CliResult r = project.ppctl("policies", "update");
        ok(r);
        assertThat(r.stdout()).contains("security: renamed from security-policy", "bump: major (policy repo renamed from security-policy)");
        assertThat(project.dir().resolve("policies/security-policy")).doesNotExist();
        assertThat(project.dir().resolve("policies/security")).isDirectory();
    }

    @Test
    void aTagRefStaysOnItsTagUntilToMovesItAndRewritesPpctlYaml() {
        project.repos("security-policy " + upstream.url() + " v2.3.0");
        ok(project.ppctl("policies", "update"));
        String newer = upstream.write("pod-security/require-labels.yaml", "changed\n").commit("Change labels");
        upstream.tag("v2.4.0");

        CliResult stay = project.ppctl("policies", "update");
        ok(stay);
        assertThat(stay.stdout()).contains("security-policy: up to date at " + first.substring(0, 7) + " (v2.3.0, tag)",
                "newer tags: v2.4.0 (move with --to TAG)");

        CliResult moved = project.ppctl("policies", "update", "security-policy", "--to", "v2.4.0");
        ok(moved);
        assertThat(moved.stdout()).contains(first.substring(0, 7) + " -> " + newer.substring(0, 7) + " (v2.4.0, tag)",
                "bump: patch");
        assertThat(project.read("ppctl.yaml")).contains("# policy repos of this image", "   # upstream", "ref: v2.4.0")
                .doesNotContain("v2.3.0");
        assertThat(project.read("policies.lock")).contains("\"ref\": \"v2.4.0\"", newer);
        assertThat(project.read("policies/security-policy/pod-security/require-labels.yaml")).isEqualTo("changed\n");
        assertThat(project.ppctl("policies", "sync", "--check").exitCode()).isZero();
    }

    @Test
    void aCommitRefPinsThatCommit() {
        upstream.write("later.yaml", "x\n").commit("Later");
        project.repos("security-policy " + upstream.url() + " " + first);
        ok(project.ppctl("policies", "update"));
        assertThat(project.read("policies.lock")).contains(first);
        assertThat(project.dir().resolve("policies/security-policy/later.yaml")).doesNotExist();
    }

    @Test
    void aSubfolderPathTakesOnlyThatFolder() {
        project.repos("pod-security " + upstream.url() + " main pod-security/");
        ok(project.ppctl("policies", "update"));
        assertThat(fileNames(project.dir().resolve("policies/pod-security"))).containsExactly("require-labels.yaml");
        assertThat(project.read("policies.lock")).contains("\"path\": \"pod-security\"");
    }

    @Test
    void localEditsAreRefusedAndListedUntilForce() {
        ok(project.ppctl("policies", "update"));
        project.project.write("policies/security-policy/pod-security/require-labels.yaml", "my edit\n")
                .write("policies/security-policy/notes.txt", "mine\n");
        upstream.write("best-practices/no-latest.yaml", "updated\n").commit("Update no-latest");
        List<String> before = project.exactState();
        String lockBefore = project.read("policies.lock");

        CliResult refused = project.ppctl("policies", "update");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.stderr().lines().filter(l -> l.startsWith("ppctl:"))).singleElement().asString()
                .contains("policies/security-policy: notes.txt (added), pod-security/require-labels.yaml (changed)", "--force");
        assertThat(project.exactState()).isEqualTo(before);
        assertThat(project.ppctl("policies", "sync").exitCode()).isEqualTo(1);
        assertThat(project.exactState()).isEqualTo(before);

        ok(project.ppctl("policies", "update", "--force"));
        assertThat(project.read("policies.lock")).isNotEqualTo(lockBefore);
        assertThat(project.read("policies/security-policy/pod-security/require-labels.yaml")).doesNotContain("my edit");
        assertThat(project.dir().resolve("policies/security-policy/notes.txt")).doesNotExist();
    }

    @Test
    void syncForceDiscardsLocalEditsAndRemovesFilesNotInThePinnedTree() {
        ok(project.ppctl("policies", "update"));
        project.project.write("policies/security-policy/extra.yaml", "not upstream\n");
        CliResult r = project.ppctl("policies", "sync", "--force");
        ok(r);
        assertThat(r.stdout()).contains("local edits discarded", "extra.yaml (added)");
        assertThat(project.dir().resolve("policies/security-policy/extra.yaml")).doesNotExist();
    }

    @Test
    void anOutdatedFolderFollowsANewLockWithoutForce() {
        // Another clone moved the pin and committed the lock; here policies/ still holds what ppctl wrote before.
        ok(project.ppctl("policies", "update"));
        try (PolicyProject other = PolicyProject.create()) {
            other.project.write("ppctl.yaml", project.read("ppctl.yaml"));
            upstream.delete("best-practices/no-latest.yaml").commit("Drop no-latest");
            ok(other.ppctl("policies", "update"));
            project.project.write("policies.lock", other.read("policies.lock"));
        }
        assertThat(project.ppctl("policies", "sync", "--check").exitCode()).isEqualTo(1);
        ok(project.ppctl("policies", "sync"));
        assertThat(project.dir().resolve("policies/security-policy/best-practices/no-latest.yaml")).doesNotExist();
        ok(project.ppctl("policies", "sync", "--check"));
    }

    @Test
    void syncWithoutALockPinsTheRepoWritesTheLockAndReportsTheBump() {
        CliResult r = project.ppctl("policies", "sync");
        ok(r);
        assertThat(r.stdout()).contains("pinned security-policy at " + first.substring(0, 7) + " (main, branch): new in ppctl.yaml",
                "bump: minor  v1.2.3 -> v1.3.0 (VERSION unchanged; 'ppctl bump minor' writes it)");
        assertThat(project.read("policies.lock")).contains("\"commit\": \"" + first + "\"");
        assertThat(project.read("policies/security-policy/pod-security/require-labels.yaml")).contains("require-labels");
        assertThat(project.read("VERSION")).isEqualTo("v1.2.3\n");
        ok(project.ppctl("policies", "sync", "--check"));
    }

    @Test
    void syncPinsOnlyWhatIsNewAndNeverMovesAnExistingPin() {
        ok(project.ppctl("policies", "update"));
        String lockBefore = project.read("policies.lock");
        upstream.write("pod-security/require-labels.yaml", "kind: ClusterPolicy\nname: require-labels-v2\n");
        String second = upstream.commit("Tighten labels");
        project.repos("security-policy " + upstream.url() + " main", "extra " + upstream.url() + " main best-practices");
        CliResult r = project.ppctl("policies", "sync", "--output", "json");
        ok(r);
        JsonNode json;
        try {
            json = new ObjectMapper().readTree(r.stdout());
        } catch (java.io.IOException e) {
            throw new AssertionError(r.stdout(), e);
        }
        assertThat(json.path("pinned")).hasSize(1);
        assertThat(json.path("pinned").get(0).path("name").asText()).isEqualTo("extra");
        assertThat(json.path("level").asText()).isEqualTo("minor");
        String lock = project.read("policies.lock");
        assertThat(lock).contains("\"commit\": \"" + first + "\"").contains("\"commit\": \"" + second + "\"");
        assertThat(lock.substring(0, lock.indexOf("\"name\": \"extra\""))).as("extra is pinned at the new head")
                .contains(second);
        assertThat(project.read("policies/security-policy/pod-security/require-labels.yaml"))
                .as("the existing pin stays at " + first).doesNotContain("v2");
        assertThat(lockBefore).doesNotContain(second);
    }

    @Test
    void checkLockedAndCiStillRefuseAMissingPin() {
        for (CliResult r : List.of(project.ppctl("policies", "sync", "--check"), project.ppctl("policies", "sync", "--locked"),
                project.ppctl(java.util.Map.of("CI", "true"), "policies", "sync"))) {
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
            assertThat(r.stderr()).contains("security-policy is not pinned yet");
        }
        CliResult ci = project.ppctl(java.util.Map.of("CI", "true"), "policies", "sync");
        assertThat(ci.stderr()).contains("--locked or CI=true", "run 'ppctl policies sync' locally and commit policies.lock");
        assertThat(project.dir().resolve("policies.lock")).doesNotExist();
        assertThat(project.dir().resolve("policies")).doesNotExist();
    }

    @Test
    void syncRefusesALockThatNoLongerMatchesPpctlYaml() {
        ok(project.ppctl("policies", "update"));
        project.repos("security-policy " + upstream.url() + " v2.3.0");
        CliResult r = project.ppctl("policies", "sync");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("policies.lock is out of date with ppctl.yaml: security-policy: ref v2.3.0 in ppctl.yaml, main in the lock");
    }

    @Test
    void listShowsPinnedAndInProjectReposAndWhetherTheyAreInSync() {
        ok(project.ppctl("policies", "update"));
        project.project.write("policies/local-rules/a.yaml", "a\n");
        CliResult r = project.ppctl("policies", "list");
        ok(r);
        assertThat(r.stdout()).contains("local-rules      project  -     -        in project",
                "security-policy  pinned   main  " + first.substring(0, 7) + "  in sync");
        project.project.write("policies/security-policy/pod-security/require-labels.yaml", "edited\n");
        assertThat(project.ppctl("policies", "list").stdout()).contains("differs from the lock (run 'ppctl policies sync')");
    }

    @Test
    void inProjectReposWithoutAnyPolicyReposNeedNothing() {
        project.project.delete("ppctl.yaml").write("policies/local-rules/a.yaml", "a\n");
        ok(project.ppctl("policies", "sync", "--check"));
        CliResult r = project.ppctl("policies", "sync");
        ok(r);
        assertThat(r.stdout()).contains("no pinned policy repos");
        assertThat(project.dir().resolve("policies.lock")).doesNotExist();
    }

    @Test
    void aStagingFolderLeftByAKilledRunFailsTheCheckAndSyncRemovesIt() {
        ok(project.ppctl("policies", "update"));
        project.project.write("policies/.ppctl-staging-999999999-42/new/security-policy/half.yaml", "half\n");
        CliResult check = project.ppctl("policies", "sync", "--check");
        assertThat(check.exitCode()).isEqualTo(1);
        assertThat(check.stderr()).contains(".ppctl-staging-999999999-42 (left by an interrupted run)");
        ok(project.ppctl("policies", "sync"));
        assertThat(project.dir().resolve("policies/.ppctl-staging-999999999-42")).doesNotExist();
        ok(project.ppctl("policies", "sync", "--check"));
    }

    @Test
    void anInProjectFolderBecomesPinnedOnlyWithForceWhenItsFilesDiffer() {
        project.project.write("policies/security-policy/pod-security/require-labels.yaml", "kind: ClusterPolicy\nname: require-labels\n")
                .write("policies/security-policy/best-practices/no-latest.yaml", "kind: ClusterPolicy\nname: no-latest\n");
        CliResult refused = project.ppctl("policies", "update");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.stderr()).contains("policies/security-policy: bin/check.sh (removed)");

        CliResult adopted = project.ppctl("policies", "update", "--force");
        ok(adopted);
        assertThat(adopted.stdout()).contains("security-policy: added at", "files: 1 added, 0 changed, 0 removed",
                "bump: patch (in-project folder now pinned)");
        assertThat(project.ppctl("policies", "sync", "--check").exitCode()).isZero();
    }

    @Test
    void dryRunReportsButWritesNothing() {
        List<String> before = project.exactState();
        CliResult r = project.ppctl("policies", "update", "--dry-run");
        ok(r);
        assertThat(r.stdout()).contains("security-policy: added", "dry run: nothing written");
        assertThat(project.exactState()).isEqualTo(before);
    }

    private static JsonNode json(CliResult r) {
        try {
            return new ObjectMapper().readTree(r.stdout());
        } catch (Exception e) {
            throw new AssertionError(r.toString(), e);
        }
    }

    private static List<String> fileNames(Path dir) {
        try (var s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

}
