package io.ppctl.integration;

import io.ppctl.config.IntegrationCase;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class IntegrationCommandsTest {

    private static IntegrationCase c(String chart, List<String> values, Map<String, String> set, String policies) {
        return new IntegrationCase("Backend app: meets security policy!", chart, values, set, policies, "pass", List.of(), "1.30.0",
                Duration.ofMinutes(2));
    }

    @Test
    void helmGetsOneArgumentPerValueAndNoShell() {
        Map<String, String> set = new LinkedHashMap<>();
        set.put("image", "x'; touch /tmp/pwned; echo '");
        set.put("replicas", "$(reboot)");
        List<String> cmd = IntegrationCommands.render(c("/repos/app", List.of("/repos/app/values.yaml", "./ci/values.yaml"), set, "/p"));
        assertThat(cmd).containsExactly("helm", "template", "backend-app-meets-security-policy", "/repos/app",
                "-f", "/repos/app/values.yaml", "-f", "/workspace/ci/values.yaml",
                "--set", "image=x'; touch /tmp/pwned; echo '", "--set", "replicas=$(reboot)");
    }

    @Test
    void pipelinesTakeTheirPathsAsPositionalParameters() {
        IntegrationCase c = c("./charts/app", List.of(), Map.of(), "./policies/security policy; rm -rf /");
        assertThat(IntegrationCommands.kyverno("/tmp/ppctl-integration/case-1.yaml", c)).containsExactly("sh", "-c",
                "cat \"$1\" | kyverno apply \"$2\" --resource -", "ppctl", "/tmp/ppctl-integration/case-1.yaml",
                "/workspace/policies/security policy; rm -rf /");
        assertThat(IntegrationCommands.pluto("/tmp/m.yaml", c)).containsExactly("sh", "-c",
                "cat \"$1\" | pluto detect - --target-versions \"k8s=$2\" -o json", "ppctl", "/tmp/m.yaml", "v1.30.0");
    }

    @Test
    void onlyDotPathsUseTheWorkspace() {
        assertThat(IntegrationCommands.usesWorkspace(c("/repos/app", List.of(), Map.of(), "/p"))).isFalse();
        assertThat(IntegrationCommands.usesWorkspace(c("/repos/app", List.of("./v.yaml"), Map.of(), "/p"))).isTrue();
        assertThat(IntegrationCommands.inContainer("./charts/app")).isEqualTo("/workspace/charts/app");
        assertThat(IntegrationCommands.inContainer("/repos/x")).isEqualTo("/repos/x");
    }

    @Test
    void releaseNamesAreValidHelmNames() {
        assertThat(IntegrationCommands.releaseName("42 is the answer")).isEqualTo("case-42-is-the-answer");
        assertThat(IntegrationCommands.releaseName("---")).isEqualTo("case");
        assertThat(IntegrationCommands.releaseName("a".repeat(80))).hasSize(53);
        assertThat(IntegrationCommands.kubernetesVersion("v1.30.0")).isEqualTo("v1.30.0");
    }
}
