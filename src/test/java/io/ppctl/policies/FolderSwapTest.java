package io.ppctl.policies;

import io.ppctl.core.PpctlException;
import io.ppctl.testing.TestProject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FolderSwapTest {
    private TestProject project;
    private Path policies;

    @BeforeEach
    void create() {
        project = TestProject.create().write("policies/a/old.yaml", "a\n").write("policies/b/old.yaml", "b\n")
                .write("policies/keep/k.yaml", "k\n");
        policies = project.path("policies");
    }

    @AfterEach
    void remove() {
        project.close();
    }

    private List<String> state() {
        return project.snapshot();
    }

    @Test
    void replacesAndRemovesFoldersAndLeavesNoStagingBehind() throws IOException {
        try (FolderSwap swap = new FolderSwap(policies)) {
            Files.createDirectories(swap.stage("a"));
            Files.writeString(swap.stage("a").resolve("new.yaml"), "new\n");
            swap.remove("b");
            swap.apply();
            swap.finish();
        }
        assertThat(state()).hasSize(2).anyMatch(l -> l.startsWith("policies/a/new.yaml")).anyMatch(l -> l.startsWith("policies/keep/k.yaml"));
        try (var s = Files.list(policies)) {
            assertThat(s.map(p -> p.getFileName().toString()).sorted()).containsExactly("a", "keep");
        }
    }

    @Test
    void closingWithoutFinishingPutsEverythingBack() throws IOException {
        List<String> before = state();
        try (FolderSwap swap = new FolderSwap(policies)) {
            Files.createDirectories(swap.stage("a"));
            Files.createDirectories(swap.stage("new-repo"));
            Files.writeString(swap.stage("new-repo").resolve("n.yaml"), "n\n");
            swap.remove("b");
            swap.apply();
            // e.g. writing the lock failed here
        }
        assertThat(state()).isEqualTo(before);
        try (var s = Files.list(policies)) {
            assertThat(s.map(p -> p.getFileName().toString()).sorted()).containsExactly("a", "b", "keep");
        }
    }

    @Test
    void aRenameThatFailsHalfwayUndoesTheOnesBeforeIt() throws IOException {
        List<String> before = state();
        try (FolderSwap swap = new FolderSwap(policies)) {
            Path stagedA = swap.stage("a");
            Files.createDirectories(stagedA);
            Files.writeString(stagedA.resolve("new.yaml"), "new\n");
            Files.createDirectories(swap.stage("b"));
            // Something in the way of moving b aside makes the second rename fail.
            Path staging = stagedA.getParent().getParent();
            Files.writeString(staging.resolve("old").resolve("b"), "in the way\n");
            assertThatThrownBy(swap::apply).isInstanceOf(PpctlException.class).hasMessageContaining("(left unchanged)");
        }
        assertThat(state()).isEqualTo(before);
        assertThat(FolderSwap.leftovers(policies)).isEmpty();
    }

    @Test
    void stagingFoldersOfALiveProcessAreNoLeftovers() throws IOException {
        Files.createDirectories(policies.resolve(".ppctl-staging-999999999-1"));
        Files.createDirectories(policies.resolve(".ppctl-staging-" + ProcessHandle.current().pid() + "-2"));
        assertThat(FolderSwap.leftovers(policies)).extracting(p -> p.getFileName().toString())
                .containsExactly(".ppctl-staging-999999999-1");
    }
}
