package io.ppctl.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every example in every --help, rendered 80 columns wide, stays one line: a wrapped comment breaks copy-paste. */
class HelpExamplesTest {
    private static final PrintStream SINK = new PrintStream(OutputStream.nullOutputStream());

    @Test
    void noExampleWrapsAtEightyColumns() {
        CommandLine root = CommandLineFactory.create(new Invocation(SINK, SINK, Map.of(), false));
        List<String> wrapped = new ArrayList<>();
        check(root, wrapped);
        assertThat(wrapped).isEmpty();
    }

    private static void check(CommandLine cmd, List<String> wrapped) {
        cmd.setUsageHelpAutoWidth(false);
        cmd.setUsageHelpWidth(80);
        String usage = cmd.getUsageMessage(CommandLine.Help.Ansi.OFF);
        boolean examples = false;
        for (String line : cmd.getCommandSpec().usageMessage().description()) {
            if (line.startsWith("Examples:")) {
                examples = true;
            } else if (examples && !line.isBlank() && !usage.contains(line.stripTrailing())) {
                wrapped.add(cmd.getCommandSpec().qualifiedName() + ": " + line);
            }
        }
        cmd.getSubcommands().values().forEach(sub -> check(sub, wrapped));
    }
}
