package io.ppctl.docker;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The classic builder's stream, as recorded from Docker 20.10 (API 1.41), chunk by chunk, and Podman's. */
class BuildOutputTest {
    private static final List<String> RECORDED = List.of(
            "Step 1/9 : FROM ppctl-base:latest AS builder", "\n", " ---> 76f421d996f9\n",
            "Step 4/9 : RUN echo building $VERSION; echo line2 >&2", "\n", " ---> Running in ea1c1ad83e64\n",
            "building v9\n", "\u001b[91mline2\n\u001b[0m", "Removing intermediate container ea1c1ad83e64\n", " ---> 5638f0bce0d9\n",
            "Step 8/9 : COPY a.txt /a.txt", "\n", " ---> Using cache\n", " ---> 930e6ae285fa\n",
            "one\ntwo\nthr", "ee\n", "  indented output\n",
            "Successfully built 5bee6671aa63\n", "Successfully tagged x:y\n");

    /** Docker 29's classic builder words the removal differently, with the arrow: still the builder's, not the step's. */
    @Test
    void docker29sRemovedIntermediateContainerIsBookkeeping() {
        assertThat(BuildOutput.classify(" ---> Removed intermediate container aa956bc614c4"))
                .contains(new BuildOutput.ContainerRemoved("aa956bc614c4"));
    }

    @Test
    void splitsChunksIntoClassifiedLines() {
        BuildOutput out = new BuildOutput();
        List<BuildOutput.Line> lines = new ArrayList<>();
        RECORDED.forEach(chunk -> lines.addAll(out.feed(chunk)));
        lines.addAll(out.flush());
        assertThat(lines).containsExactly(
                new BuildOutput.Step(1, 9, "FROM ppctl-base:latest AS builder"),
                new BuildOutput.Detail("---> 76f421d996f9"),
                new BuildOutput.Step(4, 9, "RUN echo building $VERSION; echo line2 >&2"),
                new BuildOutput.ContainerStarted("ea1c1ad83e64"),
                new BuildOutput.Output("building v9"),
                new BuildOutput.Output("line2"),
                new BuildOutput.ContainerRemoved("ea1c1ad83e64"),
                new BuildOutput.Detail("---> 5638f0bce0d9"),
                new BuildOutput.Step(8, 9, "COPY a.txt /a.txt"),
                new BuildOutput.Output("---> Using cache"),
                new BuildOutput.Detail("---> 930e6ae285fa"),
                new BuildOutput.Output("one"), new BuildOutput.Output("two"), new BuildOutput.Output("three"),
                new BuildOutput.Output("  indented output"),
                new BuildOutput.Built("5bee6671aa63"),
                new BuildOutput.Detail("Successfully tagged x:y"));
    }

    @Test
    void podmansBuilderStepsAndBookkeepingAreClassifiedToo() {
        // Recorded from Podman 4.3.1's POST /build (buildah 1.28.2): a two-stage build, then a cached step.
        BuildOutput out = new BuildOutput();
        List<BuildOutput.Line> lines = new ArrayList<>();
        for (String chunk : List.of("[1/2] STEP 1/2: FROM h14e-base:latest AS a\n", "[1/2] STEP 2/2: RUN echo hi\n", "hi\n",
                "--> 9530ba327f2\n", "[2/2] STEP 1/3: FROM h14e-base:latest\n", "STEP 2/4: ARG BUILD_DATE\n",
                "--> Using cache 855d78c8173065759613520b8e27b3d30f8e99699afc1402f4b7740c9cb8e227\n", "COMMIT\n",
                "[2/2] COMMIT x:1\n", "5994fbaac1ce709b10e6d7876ee2d3232e532f6317cee3fe1f45287b1dee47ef\n",
                "Successfully built 5994fbaac1ce\n")) {
            lines.addAll(out.feed(chunk));
        }
        assertThat(lines).containsExactly(
                new BuildOutput.Step(1, 2, "FROM h14e-base:latest AS a"),
                new BuildOutput.Step(2, 2, "RUN echo hi"),
                new BuildOutput.Output("hi"),
                new BuildOutput.Detail("--> 9530ba327f2"),
                new BuildOutput.Step(1, 3, "FROM h14e-base:latest"),
                new BuildOutput.Step(2, 4, "ARG BUILD_DATE"),
                new BuildOutput.Output("--> Using cache 855d78c8173065759613520b8e27b3d30f8e99699afc1402f4b7740c9cb8e227"),
                new BuildOutput.Detail("COMMIT"),
                new BuildOutput.Detail("[2/2] COMMIT x:1"),
                new BuildOutput.Detail("5994fbaac1ce709b10e6d7876ee2d3232e532f6317cee3fe1f45287b1dee47ef"),
                new BuildOutput.Built("5994fbaac1ce"));
    }

    @Test
    void podmansFailedStepGivesItsExitCode() {
        var e = ImageBuilder.stepFailure(new BuildOutput.Step(3, 3, "RUN echo broken; exit 3"),
                "building at STEP \"RUN echo broken; exit 3\": while running runtime: exit status 3", List.of("broken"));
        assertThat(e.exitCode().code()).isEqualTo(1);
        assertThat(e.getMessage()).startsWith("build failed at Step 3/3: RUN echo broken; exit 3 (exit code 3); ");
    }

    @Test
    void anUnterminatedLastLineComesOutOnFlush() {
        BuildOutput out = new BuildOutput();
        assertThat(out.feed("no newline yet")).isEmpty();
        assertThat(out.flush()).containsExactly(new BuildOutput.Output("no newline yet"));
        assertThat(out.flush()).isEmpty();
    }

    @Test
    void aFailedStepNamesItselfAndQuotesItsLastLines() {
        var step = new BuildOutput.Step(8, 9, "RUN echo one; echo two; exit 3");
        var e = ImageBuilder.stepFailure(step, "The command '/bin/sh -c echo one; echo two; exit 3' returned a non-zero code: 3",
                List.of("one", "two"));
        assertThat(e.exitCode().code()).isEqualTo(1);
        assertThat(e.getMessage()).startsWith("build failed at Step 8/9: RUN echo one; echo two; exit 3 (exit code 3); "
                + "the last lines of its output:").contains("    | one", "    | two");
    }

    @Test
    void otherStepFailuresQuoteTheDaemon() {
        var copy = ImageBuilder.stepFailure(new BuildOutput.Step(2, 2, "COPY missing.txt /"),
                "COPY failed: file not found in build context or excluded by .dockerignore: stat missing.txt: file does not exist",
                List.of());
        assertThat(copy.getMessage()).isEqualTo("build failed at Step 2/2: COPY missing.txt /: COPY failed: file not found in build "
                + "context or excluded by .dockerignore: stat missing.txt: file does not exist");
        assertThat(copy.exitCode().code()).isEqualTo(1);
        var pull = ImageBuilder.stepFailure(new BuildOutput.Step(1, 3, "FROM acme/base:1"),
                "Get \"https://registry-1.docker.io/v2/\": dial tcp: lookup registry-1.docker.io: no such host", List.of());
        assertThat(pull.exitCode().code()).isEqualTo(3);
        assertThat(pull.hint()).contains("registry");
        var silent = ImageBuilder.stepFailure(new BuildOutput.Step(3, 3, "RUN false"),
                "The command '/bin/sh -c false' returned a non-zero code: 1", List.of());
        assertThat(silent.getMessage()).endsWith("(exit code 1); it printed nothing");
    }

    @Test
    void veryLongInstructionsAreCutInMessages() {
        String name = ImageBuilder.stepName(new BuildOutput.Step(1, 2, "RUN " + "x".repeat(500)));
        assertThat(name).hasSizeLessThan(200).endsWith("...");
    }
}
