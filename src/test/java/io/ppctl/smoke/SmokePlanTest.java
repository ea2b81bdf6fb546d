package io.ppctl.smoke;

import io.ppctl.project.Project;
import io.ppctl.testing.TestProject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Which checks a smoke test runs, decided from the project alone. */
class SmokePlanTest {
    private TestProject project;

    @BeforeEach
    void create() {
        project = TestProject.create().write("VERSION", "v1.0.0\n")
                .write("Dockerfile", "FROM alpine:3.22\nARG KYVERNO_VERSION=v1.15.2\nARG PLUTO_VERSION=5.22.0\n")
                .write("policies/security-policy/p.yaml", "kind: ClusterPolicy\n")
                .write("policies/backend-applications/charts/app/Chart.yaml", "name: app\n")
                .write("policies/.hidden/x", "x");
    }

    @AfterEach
    void remove() {
        project.close();
    }

    private SmokePlan plan() {
        return SmokePlan.of(Project.open(project.dir(), null, Map.of()));
    }

    @Test
    void withoutSmokeTestsThePolicyPlatformDefaultsRun() {
        SmokePlan plan = plan();
        assertThat(plan.defaults()).isTrue();
        assertThat(plan.checks()).extracting(SmokeCheck::name).containsExactly(
                "kyverno version", "pluto version", "helm version",
                "/repos/ is a directory", "/repos/backend-applications is a directory", "/repos/security-policy is a directory",
                "kyverno is v1.15.2 (KYVERNO_VERSION in the Dockerfile)", "pluto is 5.22.0 (PLUTO_VERSION in the Dockerfile)");
    }

    @Test
    void anEmptySmokeTestsSectionStillMeansTheDefaults() {
        project.write("ppctl.yaml", "smokeTests: {}\n");
        assertThat(plan().defaults()).isTrue();
    }

    @Test
    void declaredChecksReplaceTheDefaultsButPinsStay() {
        project.write("ppctl.yaml", """
                smokeTests:
                  commands:
                    - name: shell works
                      command: [sh, -c, "exit 0"]
                  files:
                    - path: /etc/passwd
                  metadata:
                    user: "1000"
                """);
        SmokePlan plan = plan();
        assertThat(plan.defaults()).isFalse();
        assertThat(plan.checks()).extracting(SmokeCheck::name).containsExactly("shell works",
                "kyverno is v1.15.2 (KYVERNO_VERSION in the Dockerfile)", "pluto is 5.22.0 (PLUTO_VERSION in the Dockerfile)",
                "/etc/passwd exists");
        assertThat(plan.metadata().user()).isEqualTo("1000");
    }

    @Test
    void noDockerfileMeansNoPins() {
        project.delete("Dockerfile");
        assertThat(plan().checks()).noneMatch(c -> c instanceof SmokeCheck.VersionPin);
    }
}
