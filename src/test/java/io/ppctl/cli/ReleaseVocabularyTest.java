package io.ppctl.cli;

import io.ppctl.rules.ReleaseStep;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Help texts are prose in annotations, which cannot read the release vocabulary: they are held to it here, so a step
 * added to {@link ReleaseStep} without its command or its mention in the help fails the build.
 */
class ReleaseVocabularyTest {
    private static final PrintStream SINK = new PrintStream(OutputStream.nullOutputStream());
    private static final CommandLine CLI = CommandLineFactory.create(new Invocation(SINK, SINK, Map.of(), false));

    @Test
    void everyStepIsACommandListedAfterReleaseInReleaseOrder() {
        List<String> commands = PpctlCommand.SUBCOMMANDS.stream().map(CommandLineFactory::nameOf).toList();
        assertThat(commands.subList(0, ReleaseStep.values().length + 1))
                .containsExactlyElementsOf(concat("release", ReleaseStep.words()));
        assertThat(WarmUp.COMMANDS).containsAll(ReleaseStep.words());
    }

    @Test
    void theRootHelpNamesTheStepsInOrder() {
        assertThat(String.join("\n", CLI.getCommandSpec().usageMessage().description()))
                .contains("(preflight -> " + String.join(" -> ", ReleaseStep.words()) + ")");
    }

    @Test
    void releaseSkipNamesEveryStepAndEveryGate() {
        String skip = String.join(" ", CLI.getSubcommands().get("release").getCommandSpec().findOption("--skip").description());
        List<String> words = ReleaseStep.words();
        assertThat(skip).contains(String.join(", ", words.subList(0, words.size() - 1)) + " or " + words.get(words.size() - 1))
                .contains("gate (" + String.join(", ", Arrays.stream(ReleaseStep.values()).filter(ReleaseStep::gate)
                        .map(ReleaseStep::word).toList()) + ")");
    }

    private static List<String> concat(String first, List<String> rest) {
        return Stream.concat(Stream.of(first), rest.stream()).toList();
    }
}
