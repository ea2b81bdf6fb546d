package io.ppctl.consumers;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CommitMessageTest {
    @Test
    void namesTheOldAndNewVersionTheFilesAndTheChangesInBetween() {
        Map<String, Integer> files = new LinkedHashMap<>();
        files.put(".github/workflows/ci.yml", 2);
        files.put("Dockerfile", 1);
        assertThat(CommitMessage.of("policy-platform", List.of("v1.1.0", "v1.2.3"), "v1.3.0", files,
                List.of("kyverno 1.15.2", "Add the host-path policy"), true)).isEqualTo("""
                Update policy-platform from v1.1.0, v1.2.3 to v1.3.0

                ppctl consumers update changed the references to policy-platform in:
                - .github/workflows/ci.yml (2 references)
                - Dockerfile (1 reference)

                Changes in policy-platform from v1.1.0 to v1.3.0:
                - kyverno 1.15.2
                - Add the host-path policy
                """);
    }

    @Test
    void saysWhenTheChangesAreNotKnownAndWhenOnlyADigestMoved() {
        assertThat(CommitMessage.of("policy-platform", List.of("v1.2.3"), "v1.3.0", Map.of("a", 1), List.of(), false))
                .contains("- (not known here: git has no tag for v1.2.3 or v1.3.0)");
        assertThat(CommitMessage.of("policy-platform", List.of(), "v1.3.0", Map.of("a", 1), List.of(), true))
                .startsWith("Pin policy-platform v1.3.0 to its released digest\n").doesNotContain("Changes in");
    }
}
