package io.ppctl.context;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LabelInstructionTest {
    private static final Map<String, String> LABELS = new LinkedHashMap<>(Map.of("org.opencontainers.image.version", "v1.0.2"));

    @Test
    void appendsOneLabelInstructionToTheLastStage() {
        assertThat(LabelInstruction.addTo("FROM a\nRUN x", LABELS, ""))
                .isEqualTo("FROM a\nRUN x\nLABEL \"org.opencontainers.image.version\"=\"v1.0.2\"\n");
        assertThat(LabelInstruction.addTo("FROM a\n", LABELS, null)).endsWith("FROM a\nLABEL \"org.opencontainers.image.version\"=\"v1.0.2\"\n");
    }

    @Test
    void goesToTheEndOfTheTargetStage() {
        String dockerfile = "ARG BASE=a\nFROM $BASE AS Builder\nRUN make \\\n  FROM=x\n# FROM in a comment\n\nFROM b AS final\nCOPY --from=builder /out /\n";
        String out = LabelInstruction.addTo(dockerfile, LABELS, "builder");
        assertThat(out).isEqualTo("ARG BASE=a\nFROM $BASE AS Builder\nRUN make \\\n  FROM=x\n# FROM in a comment\n\n"
                + "LABEL \"org.opencontainers.image.version\"=\"v1.0.2\"\nFROM b AS final\nCOPY --from=builder /out /\n");
        assertThat(LabelInstruction.addTo(dockerfile, LABELS, "final")).endsWith("COPY --from=builder /out /\nLABEL \"org.opencontainers.image.version\"=\"v1.0.2\"\n");
    }

    @Test
    void quotesWhatTheDockerfileParserWouldInterpret() {
        Map<String, String> tricky = new LinkedHashMap<>();
        tricky.put("a", "has \"quotes\", $HOME and \\ and\nnewline");
        assertThat(LabelInstruction.instruction(tricky, '\\')).isEqualTo("LABEL \"a\"=\"has \\\"quotes\\\", \\$HOME and \\\\ and newline\"");
        assertThat(LabelInstruction.escapeChar("# escape=`\nFROM a\n")).isEqualTo('`');
        assertThat(LabelInstruction.escapeChar("FROM a\n# escape=`\n")).isEqualTo('\\');
        assertThat(LabelInstruction.instruction(Map.of("a", "`$"), '`')).isEqualTo("LABEL \"a\"=\"```$\"");
    }

    @Test
    void noLabelsLeaveTheDockerfileAlone() {
        assertThat(LabelInstruction.addTo("FROM a", Map.of(), "")).isEqualTo("FROM a");
    }
}
