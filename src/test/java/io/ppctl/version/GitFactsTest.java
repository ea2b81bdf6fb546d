package io.ppctl.version;

import io.ppctl.project.Project;
import io.ppctl.testing.TestProject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class GitFactsTest {
    private final TestProject project = TestProject.git().write("VERSION", "v1.0.0\n").commit("v1.0.0");

    @AfterEach
    void remove() {
        project.close();
    }

    private GitFacts facts() {
        return Project.open(project.dir(), null, Map.of()).git();
    }

    /** Row 11 of issue 15: ppctl's own target/ppctl is never a change, even without a .gitignore. */
    @Test
    void ppctlsOwnStateFolderIsNeverAChangeEvenWithoutAGitignore() {
        project.write("target/ppctl/last-build.json", "{}\n").write("target/ppctl/gates/x.json", "{}\n");
        assertThat(facts().dirty()).isFalse();
        assertThat(facts().dirtyFiles()).isEmpty();

        project.write("target/other.txt", "a change\n");
        assertThat(facts().dirtyFiles()).containsExactly("?? target/");
        project.delete("target/other.txt").write("VERSION", "v1.0.1\n");
        assertThat(facts().dirtyFiles()).containsExactly(" M VERSION");
    }
}
