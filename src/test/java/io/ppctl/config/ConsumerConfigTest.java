package io.ppctl.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ConsumerConfigTest {

    @Test
    void readsConsumersWithTheirFilesAndOptionalBranch() {
        PpctlConfig c = ConfigLoader.parse("ppctl.yaml", """
                consumers:
                  - name: ci-pipelines
                    repo: git@github.com:acme/ci-pipelines.git
                    files: [".github/workflows/*.yml", bitbucket-pipelines.yml]
                  - name: platform-chart
                    repo: ../platform-chart
                    files: charts/**/values*.yaml
                    branch: develop
                """);
        assertThat(c.consumers()).containsExactly(
                new ConsumerConfig("ci-pipelines", "git@github.com:acme/ci-pipelines.git",
                        List.of(".github/workflows/*.yml", "bitbucket-pipelines.yml"), null),
                new ConsumerConfig("platform-chart", "../platform-chart", List.of("charts/**/values*.yaml"), "develop"));
        assertThat(PpctlConfig.defaults().consumers()).isEmpty();
    }

    @Test
    void reportsEveryProblemAtOnceWithItsPosition() {
        ConfigException e = catchThrowableOfType(() -> ConfigLoader.parse("ppctl.yaml", """
                consumers:
                  - name: ci
                    files: ["../outside/*.yml", "a/[b"]
                    branch: "bad..branch"
                  - name: ci
                    repo: x
                    files: []
                    brnach: main
                """), ConfigException.class);
        assertThat(e.problems().stream().map(ConfigProblem::format).toList()).containsExactly(
                "ppctl.yaml:2:3: consumers: the name 'ci' is used twice; names must be unique",
                "ppctl.yaml:2:5: consumers[0]: missing 'repo' (a git URL such as https://github.com/acme/ci.git, or a local path)",
                "ppctl.yaml:3:12: consumers[0].files: [0] '../outside/*.yml' must be relative to the repository root, without '..'",
                "ppctl.yaml:3:12: consumers[0].files: [1] 'a/[b' is not a valid glob: Missing '] near index 3",
                "ppctl.yaml:4:13: consumers[0].branch: 'bad..branch' is not a valid branch name",
                "ppctl.yaml:7:12: consumers[1].files: missing 'files' (globs of the files to update, e.g. '.github/workflows/*.yml')",
                "ppctl.yaml:8:5: consumers[1].brnach: unknown key (did you mean 'branch'?); known keys in consumers[1]: name, repo, files, branch");
    }
}
