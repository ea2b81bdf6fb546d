package io.ppctl.smoke;

import io.ppctl.config.SmokeTestsConfig.FileCheck;
import io.ppctl.core.Text;
import io.ppctl.docker.ExecResult;
import io.ppctl.report.CheckResult;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Judges a path from what {@code ls -ldL PATH} (and, for content checks, {@code cat PATH}) printed inside the
 * container. ls is in every image with a shell, follows symlinks with -L, and prints the mode string
 * ({@code drwxr-xr-x}) that permissions are written in. Pure, so it is unit-tested on real ls output.
 */
public final class FileEvaluator {
    private FileEvaluator() {}

    /** The command that probes {@code path}. */
    public static List<String> probe(String path) {
        return List.of("ls", "-ldL", path);
    }

    public static List<String> read(String path) {
        return List.of("cat", path);
    }

    /** True when a content check has to read the file (it exists and is a regular file). */
    public static boolean needsContents(FileCheck check, ExecResult probe) {
        return (!check.expectedContents().isEmpty() || !check.excludedContents().isEmpty())
                && probe.exitCode() == 0 && mode(probe.stdout()).startsWith("-");
    }

    public static CheckResult evaluate(String name, FileCheck check, ExecResult probe, Optional<ExecResult> contents) {
        Duration took = probe.duration().plus(contents.map(ExecResult::duration).orElse(Duration.ZERO));
        boolean exists = probe.exitCode() == 0 && !probe.timedOut();
        if (!exists && !missing(probe)) {
            return fail(name, took, "cannot inspect " + check.path() + ": " + Text.firstLine((probe.stderr() + probe.stdout()).strip()),
                    describe(check), probe);
        }
        if (!check.shouldExist()) {
            return exists ? fail(name, took, check.path() + " exists but should not", "no " + check.path(), probe)
                    : CheckResult.pass(name, "file", took);
        }
        if (!exists) {
            return fail(name, took, check.path() + " does not exist", describe(check), probe);
        }
        String mode = mode(probe.stdout());
        List<String> problems = new ArrayList<>();
        String type = type(mode);
        if (!"any".equals(check.type()) && !check.type().equals(type)) {
            problems.add(check.path() + " is a " + type + ", expected a " + check.type());
        }
        if (!check.permissions().isEmpty() && !check.permissions().equals(mode)) {
            problems.add("permissions are " + mode + ", expected " + check.permissions());
        }
        String actual = probe.stdout().strip();
        if (contents.isPresent()) {
            ExecResult c = contents.get();
            if (c.exitCode() != 0) {
                problems.add("cannot read " + check.path() + ": " + Text.firstLine(c.stderr().strip()));
            } else {
                for (Pattern p : check.expectedContents()) {
                    if (!p.matcher(c.stdout()).find()) {
                        problems.add("contents do not match /" + p.pattern() + "/");
                    }
                }
                for (Pattern p : check.excludedContents()) {
                    if (p.matcher(c.stdout()).find()) {
                        problems.add("contents match excluded /" + p.pattern() + "/");
                    }
                }
                actual += "\ncontents: " + CheckResult.excerpt(c.stdout()).replace("\n", "\n          ");
            }
        }
        if (problems.isEmpty()) {
            return CheckResult.pass(name, "file", took);
        }
        return CheckResult.fail(name, "file", took, String.join("; ", problems), describe(check), actual);
    }

    /** The mode string (first field of ls -l, without the ACL/SELinux marker some ls versions append). */
    static String mode(String lsLine) {
        String first = lsLine.strip().split("\\s+", 2)[0];
        return first.length() > 10 ? first.substring(0, 10) : first;
    }

    static String type(String mode) {
        if (mode.isEmpty()) {
            return "unknown";
        }
        return switch (mode.charAt(0)) {
            case 'd' -> "directory";
            case '-' -> "file";
            case 'l' -> "symlink";
            case 'c', 'b' -> "device";
            case 'p' -> "pipe";
            case 's' -> "socket";
            default -> "unknown";
        };
    }

    private static boolean missing(ExecResult probe) {
        return !probe.timedOut() && (probe.stderr() + probe.stdout()).contains("No such file or directory");
    }

    private static String describe(FileCheck c) {
        if (!c.shouldExist()) {
            return "no " + c.path();
        }
        StringBuilder sb = new StringBuilder(c.path());
        sb.append("any".equals(c.type()) ? " exists" : " is a " + c.type());
        if (!c.permissions().isEmpty()) {
            sb.append(" with ").append(c.permissions());
        }
        for (Pattern p : c.expectedContents()) {
            sb.append(", contents matching /").append(p.pattern()).append('/');
        }
        for (Pattern p : c.excludedContents()) {
            sb.append(", contents not matching /").append(p.pattern()).append('/');
        }
        return sb.toString();
    }

    private static CheckResult fail(String name, Duration took, String message, String expected, ExecResult probe) {
        return CheckResult.fail(name, "file", took, message, expected, CommandEvaluator.actual(probe));
    }
}
