package io.ppctl.build;

import io.ppctl.project.Project;
import io.ppctl.testing.TestProject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** What a build's inputs digest covers, and when reuse is not even tried. */
class BuildInputsTest {
    private static final Instant NOW = Instant.parse("2026-03-18T09:15:02Z");
    private static final Function<String, Optional<String>> IDS = ref -> Optional.of("sha256:" + ref.hashCode());
    private final TestProject project = TestProject.git().write("VERSION", "v1.0.2\n").write(".gitignore", "target/\n")
            .write("Dockerfile", "ARG BASE=debian:12\nFROM $BASE\nARG HELM_VERSION=v3.19.0\n");

    @AfterEach
    void remove() {
        project.close();
    }

    private BuildPlan plan(BuildOptions options) {
        return BuildPlan.prepare(Project.open(project.dir(), null, Map.of()), options, NOW, Map.of());
    }

    private static BuildOptions args(String... buildArgs) {
        return BuildOptions.builder().buildArgs(List.of(buildArgs)).build();
    }

    @Test
    void theRecipeCoversArgsLabelsAndBaseImages() {
        project.commit("init");
        BuildInputs first = BuildInputs.of(plan(args()), IDS);
        assertThat(first.recipe()).hasSize(64);
        assertThat(first.notReusable()).isNull();
        assertThat(BuildInputs.of(plan(args()), IDS)).isEqualTo(first);

        assertThat(BuildInputs.of(plan(args("HELM_VERSION=v3.20.0")), IDS).recipe()).as("a build arg").isNotEqualTo(first.recipe());
        assertThat(BuildInputs.of(plan(args("BASE=debian:13")), IDS).recipe()).as("the base image").isNotEqualTo(first.recipe());
        assertThat(BuildInputs.of(plan(args()), ref -> Optional.of("sha256:other")).recipe())
                .as("the base image's tag moved to another image").isNotEqualTo(first.recipe());

        project.write("VERSION", "v1.0.3\n").commit("bump");
        assertThat(BuildInputs.of(plan(args()), IDS).recipe()).as("version and revision labels").isNotEqualTo(first.recipe());
    }

    @Test
    void reuseIsNotTriedForAFreshBuildOrAMissingBaseImage() {
        project.commit("init");
        assertThat(BuildInputs.of(plan(BuildOptions.builder().noCache(true).build()), IDS).notReusable()).isEqualTo("--no-cache");
        assertThat(BuildInputs.of(plan(BuildOptions.builder().pull(true).build()), IDS).notReusable()).isEqualTo("--pull");
        BuildInputs missing = BuildInputs.of(plan(args()), ref -> Optional.empty());
        assertThat(missing.recipe()).isNull();
        assertThat(missing.notReusable()).isEqualTo("the base image debian:12 is not on this machine");
    }
}
