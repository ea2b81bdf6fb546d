package io.ppctl.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigEditTest {
    private static final String YAML = """
            # the image's policy repos
            policyRepos:
              - name: other
                url: https://example.invalid/o.git
                ref: main
              - name: security-policy   # the big one
                url: https://example.invalid/s.git
                ref: "v2.3.0"    # reviewed 2026-01
                path: ""
            tags: ["{{version}}"]
            """;

    @Test
    void changesOnlyThatRefAndKeepsEverythingElse() {
        String edited = ConfigEdit.withPolicyRepoRef("ppctl.yaml", YAML, "security-policy", "v2.4.0");
        assertThat(edited).isEqualTo(YAML.replace("ref: \"v2.3.0\"    # reviewed", "ref: v2.4.0    # reviewed"));
        assertThat(ConfigLoader.parse("ppctl.yaml", edited).policyRepos().get(1).ref()).isEqualTo("v2.4.0");
    }

    @Test
    void quotesWhatYamlWouldReadAsSomethingElse() {
        for (String ref : new String[] {"2.4", "yes", "null", "a b", "x\"y"}) {
            String edited = ConfigEdit.withPolicyRepoRef("ppctl.yaml", YAML, "other", ref);
            assertThat(ConfigLoader.parse("ppctl.yaml", edited).policyRepos().get(0).ref()).isEqualTo(ref);
        }
    }

    @Test
    void refusesARepoThatIsNotThere() {
        assertThatThrownBy(() -> ConfigEdit.withPolicyRepoRef("ppctl.yaml", YAML, "missing", "v1"))
                .hasMessage("ppctl.yaml: no policyRepos entry named 'missing' with a ref to change");
    }
}
