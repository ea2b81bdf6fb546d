package io.ppctl.build;

import io.ppctl.core.PpctlException;
import io.ppctl.project.Project;
import io.ppctl.testing.TestProject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Everything `ppctl build` decides before it talks to the daemon. */
class BuildPlanTest {
    private static final Instant NOW = Instant.parse("2026-03-18T09:15:02Z");
    private final TestProject project = TestProject.git().write("VERSION", "v1.0.2\n").write(".gitignore", "target/\n");

    @AfterEach
    void remove() {
        project.close();
    }

    private BuildPlan plan(BuildOptions options, Map<String, String> env) {
        return BuildPlan.prepare(Project.open(project.dir(), null, env), options, NOW, Map.of());
    }

    private BuildPlan plan(BuildOptions options) {
        return plan(options, Map.of());
    }

    @Test
    void passesVersionCommitAndDateOnlyWhereTheDockerfileDeclaresThem() {
        project.write("Dockerfile", "FROM x\nARG VERSION\nARG BUILD_DATE\n").commit("init");
        BuildPlan p = plan(BuildOptions.DEFAULT);
        assertThat(p.buildArgs()).containsOnly(Map.entry("VERSION", "v1.0.2"), Map.entry("BUILD_DATE", commitTime()));
        project.write("Dockerfile", "FROM x\nARG VCS_REF\n").commit("vcs");
        assertThat(plan(BuildOptions.DEFAULT).buildArgs()).containsOnly(Map.entry("VCS_REF", project.head()));
        project.write("Dockerfile", "FROM x\n").commit("none");
        assertThat(plan(BuildOptions.DEFAULT).buildArgs()).isEmpty();
    }

    @Test
    void aCleanCommitIsDatedByItsCommitSoARebuildIsTheSameImage() {
        project.write("Dockerfile", "FROM x\nARG BUILD_DATE\n").commit("init");
        assertThat(plan(BuildOptions.DEFAULT).labels()).containsEntry("org.opencontainers.image.created", commitTime());
        assertThat(plan(BuildOptions.builder().noCache(true).build()).buildArgs()).containsEntry("BUILD_DATE", "2026-03-18T09:15:02Z");
        assertThat(plan(BuildOptions.builder().pull(true).build()).created()).isEqualTo(NOW);
        project.write("policies/new.yaml", "kind: ClusterPolicy\n");
        assertThat(plan(BuildOptions.DEFAULT).created()).isEqualTo(NOW);
    }

    @Test
    void eachPlatformsBuildGetsItsTargetArgsWhereDeclaredAndTheUsersWin() {
        project.write("Dockerfile", "ARG TARGETARCH\nFROM base-${TARGETARCH}\nARG TARGETPLATFORM\n").commit("init");
        project.write("ppctl.yaml", "image:\n  platforms: [linux/amd64, linux/arm64]\n").commit("platforms");
        BuildPlan p = plan(BuildOptions.DEFAULT);
        assertThat(p.multiPlatform()).isTrue();
        assertThat(p.platforms()).extracting(Object::toString).containsExactly("linux/amd64", "linux/arm64");
        BuildPlan arm = p.forPlatform(p.platforms().get(1));
        assertThat(arm.buildArgs()).containsEntry("TARGETARCH", "arm64").containsEntry("TARGETPLATFORM", "linux/arm64")
                .doesNotContainKeys("TARGETOS", "TARGETVARIANT");
        assertThat(arm.request().platform()).isEqualTo("linux/arm64");
        assertThat(p.request().platform()).isNull();

        BuildPlan fixed = plan(BuildOptions.builder().buildArgs(List.of("TARGETARCH=riscv64"))
                .platforms(List.of("linux/arm64,linux/386")).build());
        assertThat(fixed.platforms()).extracting(Object::toString).containsExactly("linux/arm64", "linux/386");
        assertThat(fixed.forPlatform(fixed.platforms().get(0)).buildArgs()).containsEntry("TARGETARCH", "riscv64");
        assertThat(fixed.warnings()).anyMatch(w -> w.contains("TARGETARCH=riscv64 is passed to every platform's build"));
    }

    @Test
    void aBadPlatformOptionIsAUsageErrorNamingIt() {
        project.write("Dockerfile", "FROM x\n").commit("init");
        assertThatThrownBy(() -> plan(BuildOptions.builder().platforms(List.of("linux/sparc")).build()))
                .isInstanceOf(PpctlException.class).hasMessageStartingWith("--platform: 'linux/sparc': unknown architecture sparc");
    }

    private String commitTime() {
        return Instant.ofEpochSecond(Long.parseLong(project.git("show", "-s", "--format=%ct", "HEAD").strip())).toString();
    }

    @Test
    void commandLineArgsWinOverConfigAndAreWarnedAboutWhenTheyReplacePpctls() {
        project.write("Dockerfile", "FROM x\nARG VERSION\nARG HELM_VERSION=v3.19.0\n")
                .write("ppctl.yaml", "image:\n  buildArgs:\n    HELM_VERSION: v3.18.0\n    MIRROR: https://mirror\n").commit("init");
        BuildPlan p = plan(BuildOptions.builder().buildArgs(List.of("HELM_VERSION=v3.20.0", "VERSION=custom", "PROXY", "UNSET")).build(),
                Map.of("PROXY", "http://127.0.0.1:3128"));
        assertThat(p.buildArgs()).containsOnly(Map.entry("HELM_VERSION", "v3.20.0"), Map.entry("MIRROR", "https://mirror"),
                Map.entry("VERSION", "custom"), Map.entry("PROXY", "http://127.0.0.1:3128"));
        assertThat(p.warnings()).singleElement().asString().contains("VERSION=custom replaces the v1.0.2");
        assertThat(p.labels()).containsEntry("io.ppctl.tools", "HELM_VERSION=v3.20.0").containsEntry("org.opencontainers.image.version", "v1.0.2");
    }

    @Test
    void badInputIsAUsageError() {
        project.commit("empty");
        assertThatThrownBy(() -> plan(BuildOptions.DEFAULT)).isInstanceOf(PpctlException.class)
                .hasMessageContaining("image.dockerfile: no Dockerfile at " + project.path("Dockerfile"))
                .extracting(e -> ((PpctlException) e).exitCode().code()).isEqualTo(2);
        project.write("Dockerfile", "FROM x\n").write("ppctl.yaml", "image:\n  context: nope\n");
        assertThatThrownBy(() -> plan(BuildOptions.DEFAULT)).hasMessageContaining("image.context: the build context")
                .hasMessageContaining("is not a folder");
        project.write("ppctl.yaml", "image: {}\n").write(".dockerignore", "ok\n[broken\n");
        assertThatThrownBy(() -> plan(BuildOptions.DEFAULT)).hasMessageContaining(".dockerignore: line 2: '[broken'");
        project.delete(".dockerignore");
        assertThatThrownBy(() -> plan(BuildOptions.builder().buildArgs(List.of("=x")).build())).hasMessageContaining("--build-arg '=x'");
        assertThatThrownBy(() -> plan(BuildOptions.builder().maxSize("lots").build())).hasMessageContaining("--max-size: 'lots'");
    }

    @Test
    void theSizeBudgetComesFromConfigOrMaxSize() {
        project.write("Dockerfile", "FROM x\n").write("ppctl.yaml", "image:\n  sizeBudget: 300MB\n").commit("init");
        assertThat(plan(BuildOptions.DEFAULT).sizeBudget()).isEqualTo(300_000_000L);
        assertThat(plan(BuildOptions.DEFAULT).sizeBudgetSource()).isEqualTo("image.sizeBudget");
        BuildPlan p = plan(BuildOptions.builder().maxSize("1.5GB").target("final").build());
        assertThat(p.sizeBudget()).isEqualTo(1_500_000_000L);
        assertThat(p.sizeBudgetSource()).isEqualTo("--max-size");
        assertThat(p.target()).isEqualTo("final");
    }

    @Test
    void aVersionThatCannotBeATagStopsTheBuildBeforeItStarts() {
        project.write("Dockerfile", "FROM x\n").write("VERSION", "v1.0.2+build.7\n").commit("init");
        assertThatThrownBy(() -> plan(BuildOptions.DEFAULT)).hasMessageContaining("VERSION: v1.0.2+build.7 cannot name an image")
                .extracting(e -> ((PpctlException) e).exitCode().code()).isEqualTo(2);
    }

    @Test
    void labelContributorsCannotReplacePpctlsLabels() {
        project.write("Dockerfile", "FROM x\n").commit("init");
        Project p = Project.open(project.dir(), null, Map.of());
        assertThat(BuildPlan.prepare(p, BuildOptions.DEFAULT, NOW, Map.of("io.ppctl.policy.security.commit", "abc")).labels())
                .containsEntry("io.ppctl.policy.security.commit", "abc");
        assertThatThrownBy(() -> BuildPlan.prepare(p, BuildOptions.DEFAULT, NOW, Map.of("org.opencontainers.image.version", "x")))
                .hasMessageContaining("reserved label");
        assertThatThrownBy(() -> BuildPlan.prepare(p, BuildOptions.DEFAULT, NOW, Map.of("io.ppctl.session", "x")))
                .hasMessageContaining("reserved label");
    }
}
