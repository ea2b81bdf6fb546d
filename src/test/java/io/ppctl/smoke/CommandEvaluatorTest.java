package io.ppctl.smoke;

import io.ppctl.config.SmokeTestsConfig.CommandCheck;
import io.ppctl.docker.ExecResult;
import io.ppctl.report.CheckResult;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Every assertion kind of a command check, passing and failing. */
class CommandEvaluatorTest {
    private static final String KYVERNO = "Version: 1.15.2\nTime: 2025-09-18T09:25:41Z\nGit commit ID: 5a6c13b2\n";

    private static CommandCheck check(int exit, List<String> out, List<String> notOut, List<String> err, List<String> notErr) {
        return new CommandCheck("kyverno installed", List.of("kyverno", "version"), exit, patterns(out), patterns(notOut),
                patterns(err), patterns(notErr), Map.of(), Duration.ofSeconds(30));
    }

    private static List<Pattern> patterns(List<String> regexes) {
        return regexes.stream().map(r -> Pattern.compile(r, Pattern.MULTILINE)).toList();
    }

    private static CheckResult eval(CommandCheck c, int exit, String out, String err) {
        return CommandEvaluator.evaluate(c.name(), "command", c, new ExecResult(exit, out, err, false, false, Duration.ofMillis(80)));
    }

    @Test
    void passesWhenEverythingMatches() {
        CheckResult r = eval(check(0, List.of("^Version: v?1\\.15\\.\\d+$"), List.of("dirty"), List.of(), List.of("panic")), 0, KYVERNO, "");
        assertThat(r.passed()).isTrue();
        assertThat(r.duration()).isEqualTo(Duration.ofMillis(80));
    }

    @Test
    void aWrongExitCodeFails() {
        CheckResult r = eval(check(0, List.of(), List.of(), List.of(), List.of()), 2, "", "Error: unknown command \"versoin\"\n");
        assertThat(r.passed()).isFalse();
        assertThat(r.message()).isEqualTo("exit code 2, expected 0");
        assertThat(r.expected()).isEqualTo("exit code 0");
        assertThat(r.actual()).isEqualTo("exit code 2\nstderr: Error: unknown command \"versoin\"");
    }

    @Test
    void missingExpectedOutputFails() {
        CheckResult r = eval(check(0, List.of("^Version: v1\\.16"), List.of(), List.of(), List.of()), 0, KYVERNO, "");
        assertThat(r.message()).isEqualTo("stdout does not match /^Version: v1\\.16/");
        assertThat(r.actual()).startsWith("exit code 0\nstdout: Version: 1.15.2\n        Time: ");
    }

    @Test
    void excludedOutputFailsAndShowsTheLine() {
        CheckResult r = eval(check(0, List.of(), List.of("Git commit ID: 5a6c"), List.of(), List.of()), 0, KYVERNO, "");
        assertThat(r.message()).isEqualTo("stdout matches excluded /Git commit ID: 5a6c/ at 'Git commit ID: 5a6c13b2'");
    }

    @Test
    void stderrHasItsOwnExpectedAndExcludedPatterns() {
        CommandCheck c = check(0, List.of(), List.of(), List.of("^warning: .*deprecated"), List.of("(?i)panic"));
        assertThat(eval(c, 0, "", "warning: flag --x is deprecated\n").passed()).isTrue();
        CheckResult both = eval(c, 0, "", "PANIC: oops\n");
        assertThat(both.message()).isEqualTo("stderr does not match /^warning: .*deprecated/; "
                + "stderr matches excluded /(?i)panic/ at 'PANIC: oops'");
        assertThat(both.expected()).isEqualTo("stderr matching /^warning: .*deprecated/; stderr not matching /(?i)panic/");
    }

    @Test
    void aTimeoutSaysHowLongItWaited() {
        CommandCheck c = new CommandCheck("slow", List.of("sleep", "60"), 0, List.of(), List.of(), List.of(), List.of(), Map.of(),
                Duration.ofSeconds(30));
        CheckResult r = CommandEvaluator.evaluate("slow", "command", c,
                new ExecResult(-1, "started\n", "", true, false, Duration.ofSeconds(30)));
        assertThat(r.passed()).isFalse();
        assertThat(r.message()).isEqualTo("timed out after 30s");
        assertThat(r.actual()).isEqualTo("no exit (killed)\nstdout: started");
    }

    @Test
    void longOutputIsCutToItsFirstLines() {
        String many = String.join("\n", java.util.stream.IntStream.range(0, 20).mapToObj(i -> "line " + i).toList());
        CheckResult r = eval(check(0, List.of("nope"), List.of(), List.of(), List.of()), 0, many, "");
        assertThat(r.actual()).contains("line 7").doesNotContain("line 8\n").contains("(12 more lines)");
    }
}
