package io.ppctl.cli;

import io.ppctl.testing.Cli;
import io.ppctl.testing.CliResult;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Which subcommands a command line gets registered (start-up), and that nothing a user sees changes with it. */
class CommandLineFactoryTest {
    private static final PrintStream SINK = new PrintStream(OutputStream.nullOutputStream());
    private static final Invocation INVOCATION = new Invocation(SINK, SINK, Map.of(), false);

    private static List<String> registered(String... args) {
        return List.copyOf(CommandLineFactory.forArgs(INVOCATION, args).getSubcommands().keySet());
    }

    private static List<String> all() {
        return PpctlCommand.SUBCOMMANDS.stream().map(c -> c.getAnnotation(Command.class).name()).toList();
    }

    @Test
    void everySubcommandIsNamedAsItsClass() {
        for (Class<?> c : PpctlCommand.SUBCOMMANDS) {
            assertThat(CommandLineFactory.nameOf(c)).as(c.getName()).isEqualTo(c.getAnnotation(Command.class).name());
        }
    }

    @Test
    void aCommandLineGetsOnlyTheSubcommandItNames() {
        assertThat(registered("-C", "/tmp/x", "smoke-test", "--image", "i")).containsExactly("smoke-test");
        assertThat(registered("policies", "sync", "--check")).containsExactly("policies");
    }

    @Test
    void anOptionValueThatNamesACommandRegistersBoth() {
        assertThat(registered("-C", "build", "smoke-test")).containsExactlyInAnyOrder("build", "smoke-test");
    }

    @Test
    void everyCommandLineParsesAsWithAllSubcommands() {
        for (String[] args : new String[][] {{"-C", "/tmp/p", "smoke-test", "--image", "x"}, {"-C", "build", "smoke-test"},
                {"smoke-test", "--image", "build"}, {"policies", "sync", "--check"}, {"build", "--no-such-option"},
                {"versoin"}, {"--version"}, {"-q", "release", "--no-push", "--report", "r.json"}, {"tag", "build"}}) {
            assertThat(parse(CommandLineFactory.forArgs(INVOCATION, args), args))
                    .as(String.join(" ", args)).isEqualTo(parse(CommandLineFactory.create(INVOCATION), args));
        }
    }

    /** The commands a parse reaches, or the parser's error. */
    private static String parse(CommandLine cl, String[] args) {
        try {
            return cl.parseArgs(args).asCommandLineList().stream().map(CommandLine::getCommandName).toList().toString();
        } catch (CommandLine.ParameterException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    @Test
    void helpCompletionAndCommandLinesThatNameNoCommandGetEverySubcommand() {
        assertThat(registered()).isEqualTo(all());
        assertThat(registered("--help")).isEqualTo(all());
        assertThat(registered("build", "-h")).isEqualTo(all());
        assertThat(registered("completion")).isEqualTo(all());
        assertThat(registered("versoin")).isEqualTo(all());
        assertThat(registered("-v", "-v")).isEqualTo(all());
    }

    @Test
    void versionAloneNeedsNoSubcommand() {
        assertThat(registered("--version")).isEmpty();
        assertThat(registered("-V")).isEmpty();
        CliResult r = Cli.run("--version");
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).startsWith("ppctl ");
    }

    @Test
    void rootHelpStillListsEveryCommand() {
        CliResult r = Cli.run("--help");
        assertThat(r.exitCode()).isZero();
        for (String name : all()) {
            assertThat(r.stdout()).contains("  " + name + " ");
        }
    }

    @Test
    void aRepeatedWordIsNoProblem() {
        assertThat(registered("-v", "version", "-v", "version")).containsExactly("version");
    }
}
