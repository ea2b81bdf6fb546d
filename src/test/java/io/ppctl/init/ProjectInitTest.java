package io.ppctl.init;

import io.ppctl.config.ConfigLoader;
import io.ppctl.config.PpctlConfig;
import io.ppctl.config.SmokeTestsConfig;
import io.ppctl.core.ExitCode;
import io.ppctl.core.PpctlException;
import io.ppctl.testing.TestProject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ppctl init on throw-away projects: what it finds, what it writes, and that ppctl's own loader reads it. */
class ProjectInitTest {
    private static final String DOCKERFILE = """
            ARG BASE_IMAGE=alpine:3.22.1
            ARG KYVERNO_VERSION=1.15.2
            ARG HELM_VERSION="v3.19.0"
            ARG TOOLS_VERSION=${KYVERNO_VERSION}
            FROM ${BASE_IMAGE}
            ARG KYVERNO_VERSION
            COPY policies/ /repos/
            ARG VERSION=dev
            LABEL org.opencontainers.image.title="policy-platform" \\
                  org.opencontainers.image.version="${VERSION}"
            """;

    private TestProject project;

    @AfterEach
    void remove() {
        if (project != null) {
            project.close();
        }
    }

    private TestProject policyPlatform() {
        project = TestProject.git().write("Dockerfile", DOCKERFILE)
                .write("policies/security-policy/disallow-latest-tag.yaml", "kind: ClusterPolicy\n")
                .write("policies/backend-applications/charts/app/Chart.yaml", "name: app\n")
                .write("policies/.ppctl-staging-1-x/left.yaml", "staging\n");
        return project;
    }

    private ProjectInit.Result init(boolean force, boolean dryRun) {
        return ProjectInit.run(new ProjectInit.Request(project.dir(), null, null, null, force, dryRun));
    }

    private PpctlConfig written() {
        return ConfigLoader.load(project.path("ppctl.yaml"), true);
    }

    @Test
    void theConfigItWritesLoadsAndHoldsWhatTheProjectHas() {
        policyPlatform().git("remote", "add", "origin", "git@github.com:Acme/policy-platform.git");

        ProjectInit.Result r = init(false, false);

        PpctlConfig c = written();
        assertThat(c.image().name()).isEqualTo("policy-platform");
        assertThat(c.image().dockerfile()).isEqualTo("Dockerfile");
        assertThat(c.tags()).isEqualTo(PpctlConfig.DEFAULT_TAGS);
        assertThat(c.registries()).singleElement().satisfies(reg -> {
            assertThat(reg.name()).isEqualTo("ghcr");
            assertThat(reg.repository()).isEqualTo("ghcr.io/acme/policy-platform");
        });
        assertThat(c.smokeTests().declared()).isTrue();
        assertThat(c.smokeTests().commands()).extracting(SmokeTestsConfig.CommandCheck::command)
                .containsExactly(List.of("kyverno", "version"), List.of("helm", "version"));
        SmokeTestsConfig.CommandCheck kyverno = c.smokeTests().commands().get(0);
        assertThat(kyverno.expectedOutput()).singleElement()
                .satisfies(p -> assertThat(p.matcher("Version: 1.15.2").find()).isTrue());
        assertThat(c.smokeTests().commands().get(1).expectedOutput().get(0).matcher("version.BuildInfo{Version:\"v3.19.0\"").find()).isTrue();
        assertThat(c.smokeTests().files()).extracting(SmokeTestsConfig.FileCheck::path)
                .containsExactly("/repos/backend-applications", "/repos/security-policy");
        assertThat(c.smokeTests().files()).allSatisfy(f -> assertThat(f.type()).isEqualTo("directory"));
        assertThat(c.integrationTests()).isEmpty();
        assertThat(c.scan().failOn()).isEqualTo("CRITICAL");

        assertThat(r.versionChecks()).containsExactly("KYVERNO_VERSION", "HELM_VERSION");
        assertThat(r.remote()).isEqualTo("github.com/Acme/policy-platform");
        assertThat(r.registry()).isEqualTo("ghcr.io/acme/policy-platform");
        assertThat(r.replaced()).isFalse();
        assertThat(r.gitignore()).isEqualTo("created");
        assertThat(project.read(".gitignore")).isEqualTo("target/\n");
        assertThat(project.read("ppctl.yaml")).isEqualTo(r.content()).startsWith("# ").contains("# KYVERNO_VERSION");
    }

    @Test
    void anExistingConfigIsRefusedWithExit1AndLeftAsItWasUnlessForced() throws Exception {
        policyPlatform().write("ppctl.yaml", "image: {name: mine}\n");
        List<String> before = project.snapshot();

        assertThatThrownBy(() -> init(false, false)).isInstanceOfSatisfying(PpctlException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
            assertThat(e.getMessage()).contains("ppctl.yaml exists already").contains("--force");
        });
        assertThat(project.snapshot()).isEqualTo(before);
        assertThat(project.read("ppctl.yaml")).isEqualTo("image: {name: mine}\n");

        ProjectInit.Result dry = init(false, true);
        assertThat(dry.replaced()).isTrue();
        assertThat(project.snapshot()).as("a dry run writes nothing").isEqualTo(before);

        ProjectInit.Result forced = init(true, false);
        assertThat(forced.replaced()).isTrue();
        assertThat(written().image().name()).isEqualTo("policy-platform");
        assertThat(Files.list(project.dir()).map(p -> p.getFileName().toString()))
                .as("no temporary file left beside it").noneMatch(n -> n.endsWith(".tmp"));
    }

    @Test
    void aGitignoreThatIgnoresTargetStaysAsItIsAndOneThatDoesNotGetsIt() {
        policyPlatform().write(".gitignore", "/target/\n*.class\n");
        assertThat(init(false, false).gitignore()).isEqualTo("present");
        assertThat(project.read(".gitignore")).isEqualTo("/target/\n*.class\n");

        project.delete("ppctl.yaml").write(".gitignore", "*.class");
        assertThat(init(false, false).gitignore()).isEqualTo("added");
        assertThat(project.read(".gitignore")).isEqualTo("*.class\ntarget/\n");
    }

    @Test
    void withoutADockerfileItRefusesWithExit2AndWritesNothing() {
        project = TestProject.create().write("policies/a/x.yaml", "x\n");
        List<String> before = project.snapshot();
        assertThatThrownBy(() -> init(false, false)).isInstanceOfSatisfying(PpctlException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
            assertThat(e.getMessage()).contains("no Dockerfile here").contains("--dockerfile");
        });
        assertThat(project.snapshot()).isEqualTo(before);
    }

    @Test
    void aBadNameIsExit2BeforeAnythingIsWritten() {
        policyPlatform();
        List<String> before = project.snapshot();
        for (String bad : List.of("Policy Platform", "localhost:5000/p", "UPPER")) {
            assertThatThrownBy(() -> ProjectInit.run(new ProjectInit.Request(project.dir(), null, bad, null, false, false)))
                    .as(bad).isInstanceOfSatisfying(PpctlException.class, e -> {
                        assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
                        assertThat(e.getMessage()).contains("--name");
                    });
        }
        assertThat(project.snapshot()).isEqualTo(before);
    }

    @Test
    void aBareProjectGetsAConfigThatLeavesThePolicyPlatformDefaultsOnAndNoRegistry() {
        project = TestProject.create().write("docker/Dockerfile.prod", "FROM busybox\n");
        Path dir = project.dir();

        ProjectInit.Result r = ProjectInit.run(new ProjectInit.Request(dir, Path.of("conf/ppctl.prod.yaml"), "tools/my-image",
                "docker/Dockerfile.prod", false, false));

        assertThat(r.config()).isEqualTo("conf/ppctl.prod.yaml");
        PpctlConfig c = ConfigLoader.load(project.path("conf/ppctl.prod.yaml"), true);
        assertThat(c.image().name()).isEqualTo("tools/my-image");
        assertThat(c.image().dockerfile()).isEqualTo("docker/Dockerfile.prod");
        assertThat(c.smokeTests().declared()).as("no pins, no policies/: the defaults apply").isFalse();
        assertThat(c.registries()).isEmpty();
        assertThat(r.content()).contains("# registries:").contains("ghcr.io/<your-org>/tools/my-image");
        assertThat(r.remote()).isNull();
    }

    @Test
    void theImageNameComesFromTheTitleLabelElseTheRemoteElseTheFolder() {
        project = TestProject.git().write("Dockerfile", "FROM busybox\n");
        assertThat(ProjectInit.imageName(ProjectSurvey.of(project.dir(), "Dockerfile")))
                .isEqualTo(ProjectInit.repositoryComponent(project.dir().getFileName().toString()));
        project.git("remote", "add", "origin", "https://token@github.com/acme/Policy_Platform.git");
        assertThat(ProjectInit.imageName(ProjectSurvey.of(project.dir(), "Dockerfile"))).isEqualTo("policy-platform");
        project.write("Dockerfile", "FROM busybox\nLABEL org.opencontainers.image.title=Kube-Tools\n");
        assertThat(ProjectInit.imageName(ProjectSurvey.of(project.dir(), "Dockerfile"))).isEqualTo("kube-tools");
        assertThat(ProjectInit.run(new ProjectInit.Request(project.dir(), null, null, null, false, true)).content())
                .doesNotContain("token");
    }

    @Test
    void thisRepositorysDockerfileAndPoliciesGiveAConfigPpctlLoads() {
        Path repo = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
        ProjectSurvey survey = ProjectSurvey.of(repo, "Dockerfile");
        String text = StarterConfig.render(survey, ProjectInit.imageName(survey), survey.remote().flatMap(r -> r.registryFor("policy-platform")));
        PpctlConfig c = ConfigLoader.parse("ppctl.yaml", text);
        assertThat(c.image().name()).isEqualTo("policy-platform");
        assertThat(c.smokeTests().commands()).extracting(cmd -> cmd.command().get(0)).containsExactly("kyverno", "pluto", "helm");
        assertThat(c.smokeTests().files()).extracting(SmokeTestsConfig.FileCheck::path)
                .containsExactly("/repos/backend-applications", "/repos/security-policy");
    }
}
