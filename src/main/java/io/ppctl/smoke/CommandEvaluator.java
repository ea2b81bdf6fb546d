package io.ppctl.smoke;

import io.ppctl.config.SmokeTestsConfig.CommandCheck;
import io.ppctl.core.Durations;
import io.ppctl.docker.ExecResult;
import io.ppctl.report.CheckResult;
import io.ppctl.report.SecretLines;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Judges what a command printed against its check. Pure: no Docker, so every assertion kind has a unit test. */
public final class CommandEvaluator {
    private CommandEvaluator() {}

    public static CheckResult evaluate(String name, String kind, CommandCheck check, ExecResult r) {
        if (r.timedOut()) {
            return CheckResult.fail(name, kind, r.duration(), "timed out after " + Durations.compact(check.timeout()),
                    "exit code " + check.exitCode() + " within " + Durations.compact(check.timeout()), actual(r));
        }
        List<String> problems = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        if (r.exitCode() != check.exitCode()) {
            problems.add("exit code " + r.exitCode() + ", expected " + check.exitCode());
            expected.add("exit code " + check.exitCode());
        }
        matchAll("stdout", r.stdout(), check.expectedOutput(), problems, expected);
        matchNone("stdout", r.stdout(), check.excludedOutput(), problems, expected);
        matchAll("stderr", r.stderr(), check.expectedError(), problems, expected);
        matchNone("stderr", r.stderr(), check.excludedError(), problems, expected);
        if (problems.isEmpty()) {
            return CheckResult.pass(name, kind, r.duration());
        }
        return CheckResult.fail(name, kind, r.duration(), String.join("; ", problems), String.join("; ", expected), actual(r));
    }

    private static void matchAll(String stream, String text, List<Pattern> patterns, List<String> problems, List<String> expected) {
        for (Pattern p : patterns) {
            if (!p.matcher(text).find()) {
                problems.add(stream + " does not match /" + p.pattern() + "/");
                expected.add(stream + " matching /" + p.pattern() + "/");
            }
        }
    }

    private static void matchNone(String stream, String text, List<Pattern> patterns, List<String> problems, List<String> expected) {
        for (Pattern p : patterns) {
            Matcher m = p.matcher(text);
            if (m.find()) {
                problems.add(stream + " matches excluded /" + p.pattern() + "/ at '" + lineAt(text, m.start()) + "'");
                expected.add(stream + " not matching /" + p.pattern() + "/");
            }
        }
    }

    private static String lineAt(String text, int index) {
        int start = text.lastIndexOf('\n', Math.max(0, index - 1)) + 1;
        int end = text.indexOf('\n', index);
        String line = SecretLines.redact(text.substring(start, end < 0 ? text.length() : end).strip());
        return line.length() > 120 ? line.substring(0, 120) + "..." : line;
    }

    /** "exit code 1", then the first lines of stdout and stderr. */
    static String actual(ExecResult r) {
        StringBuilder sb = new StringBuilder(r.timedOut() ? "no exit (killed)" : "exit code " + r.exitCode());
        if (!r.stdout().isBlank()) {
            sb.append("\nstdout: ").append(CheckResult.excerpt(r.stdout()).replace("\n", "\n        "));
        }
        if (!r.stderr().isBlank()) {
            sb.append("\nstderr: ").append(CheckResult.excerpt(r.stderr()).replace("\n", "\n        "));
        }
        if (r.truncated()) {
            sb.append("\n(output was cut at 4 MB)");
        }
        return sb.toString();
    }
}
