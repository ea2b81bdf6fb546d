package io.ppctl.policies;

import io.ppctl.testing.CliResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of bad input is one line on stderr with its exit code (2, or 3 for a remote that cannot be reached),
 * and the project, policies/ above all, is left byte for byte as it was.
 */
class PoliciesBadInputTest {
    private UpstreamRepo upstream;
    private PolicyProject project;
    private String first;

    @BeforeEach
    void createAProjectThatIsInSync() {
        upstream = UpstreamRepo.create().write("pod-security/require-labels.yaml", "kind: ClusterPolicy\n");
        first = upstream.commit("Initial policies");
        upstream.write("pod-security/require-labels.yaml", "kind: ClusterPolicy\nseverity: high\n").commit("Second");
        project = PolicyProject.create().repos("security-policy " + upstream.url() + " main");
        CliResult r = project.ppctl("policies", "update");
        assertThat(r.exitCode()).as(r.toString()).isZero();
    }

    @AfterEach
    void remove() {
        project.close();
        upstream.close();
    }

    /** Runs ppctl and checks the exit code, the single error line, and that nothing changed. */
    private String fails(int exitCode, String... args) {
        List<String> before = project.exactState();
        CliResult r = project.ppctl(args);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(exitCode);
        List<String> errors = r.stderr().lines().filter(l -> l.startsWith("ppctl:")).toList();
        assertThat(errors).as(r.stderr()).hasSize(1);
        assertThat(r.stderr()).doesNotContain("Exception", "\tat ");
        assertThat(project.exactState()).as("the project is unchanged").isEqualTo(before);
        return errors.get(0);
    }

    @Test
    void anUnknownRefIsExit2AndNoOtherRepoIsWrittenEither() {
        project.repos("security-policy " + upstream.url() + " main", "new-repo " + upstream.url() + " v2.4.0-typo");
        assertThat(fails(2, "policies", "update")).isEqualTo("ppctl: new-repo: unknown ref 'v2.4.0-typo': no tag, branch "
                + "or commit of that name in " + upstream.url());
        assertThat(project.dir().resolve("policies/new-repo")).doesNotExist();
    }

    @Test
    void anUnknownToRefIsExit2() {
        assertThat(fails(2, "policies", "update", "security-policy", "--to", "v9.9.9")).contains("unknown ref 'v9.9.9'");
    }

    @Test
    void anUnreachableUrlIsExit3() {
        project.repos("security-policy " + upstream.url() + " main", "gone file:///does/not/exist main");
        assertThat(fails(3, "policies", "update")).startsWith("ppctl: cannot fetch file:///does/not/exist: fatal: "
                + "'/does/not/exist' does not appear to be a git repository (check the URL and your git access");
    }

    @Test
    void anUnreachableRemoteDuringSyncIsExit3WhenTheCacheLacksTheCommit() {
        project.project.delete("policies");
        TestCache.clear(project.cache);
        upstream.hide(true);
        try {
            assertThat(fails(3, "policies", "sync")).contains("cannot fetch " + upstream.url());
        } finally {
            upstream.hide(false);
        }
    }

    @Test
    void credentialsInAUrlAreNeverPrinted() {
        project.repos("security-policy " + upstream.url() + " main", "private https://ci-bot:s3cr3t-t0ken@127.0.0.1:9/acme/policies.git main");
        CliResult r = project.ppctl("policies", "update");
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.stderr()).contains("cannot fetch https://127.0.0.1:9/acme/policies.git").doesNotContain("s3cr3t", "ci-bot");
        assertThat(r.stdout()).doesNotContain("s3cr3t");
    }

    @Test
    void aPathThatIsNotInTheRepoIsExit2() {
        project.repos("security-policy " + upstream.url() + " main", "sub " + upstream.url() + " main no/such/folder");
        assertThat(fails(2, "policies", "update")).startsWith("ppctl: sub: path 'no/such/folder' is not a folder in "
                + upstream.url() + " at main (commit ");
    }

    @Test
    void aPathThatIsAFileIsExit2() {
        project.repos("security-policy " + upstream.url() + " main pod-security/require-labels.yaml");
        assertThat(fails(2, "policies", "update")).contains("path 'pod-security/require-labels.yaml' is not a folder");
    }

    @Test
    void aCorruptLockIsExit2ForSyncUpdateAndTheCheck() {
        project.project.write("policies.lock", project.read("policies.lock").replace("\"repos\": [", "\"repos\": [[,"));
        for (String[] args : List.of(new String[] {"policies", "sync"}, new String[] {"policies", "update"},
                new String[] {"policies", "sync", "--check"}, new String[] {"policies", "list"})) {
            assertThat(fails(2, args)).startsWith("ppctl: policies.lock:").contains("not valid JSON", "git checkout policies.lock");
        }
    }

    @Test
    void aLockWithMergeConflictMarkersIsExit2() {
        project.project.write("policies.lock", "<<<<<<< HEAD\n" + project.read("policies.lock") + "=======\n>>>>>>> other\n");
        assertThat(fails(2, "policies", "sync")).contains("policies.lock: holds git merge conflict markers");
    }

    @Test
    void aHandEditedDigestIsExit2() {
        String lock = project.read("policies.lock");
        String digest = lock.replaceAll("(?s).*\"digest\": \"(sha256:[0-9a-f]+)\".*", "$1");
        project.project.write("policies.lock", lock.replace(digest, "sha256:" + "0".repeat(64)));
        assertThat(fails(2, "policies", "sync")).contains("the digest of security-policy does not match the files of commit",
                "edited by hand");
    }

    @Test
    void aHandEditedCommitIsExit2() {
        String lock = project.read("policies.lock");
        String pinned = lock.replaceAll("(?s).*\"commit\": \"([0-9a-f]+)\".*", "$1");
        project.project.write("policies.lock", lock.replace(pinned, first));
        assertThat(fails(2, "policies", "sync")).contains("does not match the files of commit " + first.substring(0, 7));
        project.project.write("policies.lock", lock.replace(pinned, "1234567890".repeat(4)));
        assertThat(fails(2, "policies", "sync")).contains("commit 1234567890123456789012345678901234567890 of "
                + "security-policy is not in " + upstream.url() + " (edited by hand, or removed upstream)");
    }

    @Test
    void aLockEntryWithAnUnknownKeyOrBadCommitIsExit2() {
        String lock = project.read("policies.lock");
        project.project.write("policies.lock", lock.replace("\"name\":", "\"owner\": \"me\",\n      \"name\":"));
        assertThat(fails(2, "policies", "sync")).contains("unknown key 'repos[0].owner'");
        project.project.write("policies.lock", lock.replaceAll("\"commit\": \"[0-9a-f]+\"", "\"commit\": \"HEAD\""));
        assertThat(fails(2, "policies", "sync")).contains("commit 'HEAD' is not a full commit id");
    }

    @Test
    void anInvalidFolderNameIsExit2() {
        project.repos("../escape " + upstream.url() + " main");
        assertThat(fails(2, "policies", "update")).contains("'../escape' is not a valid folder name");
    }

    @Test
    void twoReposWithTheSameNameAreExit2() {
        project.repos("security-policy " + upstream.url() + " main", "security-policy " + upstream.url() + " v1");
        assertThat(fails(2, "policies", "update")).contains("the name 'security-policy' is used twice");
    }

    @Test
    void namesThatDifferOnlyInCaseAreExit2() {
        project.repos("security-policy " + upstream.url() + " main", "Security-Policy " + upstream.url() + " main");
        assertThat(fails(2, "policies", "sync")).isEqualTo("ppctl: ppctl.yaml: policyRepos 'security-policy' and "
                + "'Security-Policy' differ only in case; on macOS and Windows they would share one folder");
    }

    @Test
    void anUnknownRepoNameIsExit2() {
        assertThat(fails(2, "policies", "update", "no-such-repo"))
                .isEqualTo("ppctl: unknown policy repo 'no-such-repo' (known: security-policy)");
    }

    @Test
    void toNeedsExactlyOneNamedRepo() {
        assertThat(fails(2, "policies", "update", "--to", "v2.4.0")).contains("--to moves one repo: name it");
    }

    @Test
    void aBadVersionFileFailsBumpBeforeAnythingIsWritten() {
        upstream.write("new.yaml", "x\n").commit("More");
        project.project.write("VERSION", "not-a-version\n");
        assertThat(fails(2, "policies", "update", "--bump")).contains("not a semantic version");
    }

    @Test
    void aCraftedTreeCannotWriteThroughASymlinkOutOfPolicies() throws Exception {
        java.nio.file.Path outside = java.nio.file.Files.createTempDirectory("ppctl-outside");
        try {
            upstream.craftedSymlinkCommit(outside);
            assertThat(fails(2, "policies", "update")).contains("refusing to write a/x of " + upstream.url()
                    + ": it leads out of the repo folder");
            try (var s = java.nio.file.Files.list(outside)) {
                assertThat(s).isEmpty();
            }
        } finally {
            io.ppctl.testing.TestProject.deleteTree(outside);
        }
    }

    @Test
    void aWriteThatFailsLastPutsPoliciesTheLockAndPpctlYamlBack() throws Exception {
        // An immutable VERSION (chattr +i, refused even to root) makes the very last write of update fail.
        java.nio.file.Path version = project.dir().resolve("VERSION");
        org.junit.jupiter.api.Assumptions.assumeTrue(run("chattr", "+i", version.toString()) == 0, "chattr +i not supported here");
        try {
            upstream.write("pod-security/require-labels.yaml", "kind: ClusterPolicy\nseverity: low\n").commit("Relax");
            upstream.tag("v3.0.0");
            List<String> before = project.exactState();
            CliResult r = project.ppctl("policies", "update", "security-policy", "--to", "v3.0.0", "--bump");
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
            assertThat(r.stderr()).contains("cannot write version file");
            assertThat(project.exactState()).isEqualTo(before);
        } finally {
            run("chattr", "-i", version.toString());
        }
    }

    private static int run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }
}
