package io.ppctl.cli;

import io.ppctl.console.Console;
import io.ppctl.console.Style;
import io.ppctl.core.Durations;
import io.ppctl.core.PpctlException;
import io.ppctl.report.CheckReport;
import io.ppctl.report.CheckResult;

import io.ppctl.pipeline.Key;
import io.ppctl.pipeline.PartRuns;
import io.ppctl.pipeline.StepResult;
import io.ppctl.platform.Platform;
import io.ppctl.scan.ScanOptions;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How smoke-test and integration-test hand their report over: JUnit XML to --junit FILE, and on stdout either
 * the text report (one line per check, what was expected and what came out for failures, the summary) or, with
 * --output json, the report as JSON.
 */
final class CheckReportOutput {
    /** Names shorter than this still line up with the usual ones; longer ones widen the column for all. */
    private static final int NAME_WIDTH = 52;

    private CheckReportOutput() {}

    /** --junit as an absolute path (relative to the current folder), refused up front when it cannot be a file. */
    static Path junitTarget(Path option) {
        if (option == null) {
            return null;
        }
        Path abs = option.toAbsolutePath().normalize();
        if (Files.isDirectory(abs)) {
            throw PpctlException.usage("--junit " + option + " is a folder; name the XML file to write, e.g. target/smoke-test.xml");
        }
        return abs;
    }

    static void publish(Console console, CheckReport report, Path junit) {
        if (junit != null) {
            report.toJUnit().write(junit);
        }
        console.result(report, out -> print(out, console.style(), report));
    }

    /** One platform's report in a multi-platform run; {@code note}: why it was not (fully) judged, or null. */
    record PlatformReport(String platform, String status, String note, CheckReport report) {}

    /** The reports of every platform of a multi-platform run, as --output json shows them. */
    record PlatformReports(String suite, List<PlatformReport> platforms) {}

    /**
     * A multi-platform run: each platform's report under its name, with why one was not judged; JUnit XML one file
     * per platform (smoke-test.xml becomes smoke-test.linux-arm64.xml).
     */
    static void publish(Console console, String suite, List<PartRuns.Run> runs, Key<CheckReport> key, Path junit) {
        List<PlatformReport> reports = new ArrayList<>();
        for (PartRuns.Run run : runs) {
            CheckReport report = run.get(key).orElse(new CheckReport(suite, "", null, List.of()));
            String note = run.status() == StepResult.Status.PASSED ? null : run.message();
            reports.add(new PlatformReport(run.part(), run.status().name().toLowerCase(Locale.ROOT),
                    note, report));
            if (junit != null) {
                report.toJUnit().write(ScanOptions.suffixed(junit, Platform.parse(run.part())));
            }
        }
        console.result(new PlatformReports(suite, reports), out -> {
            for (PlatformReport r : reports) {
                out.println(console.style().bold(r.platform()));
                print(out, console.style(), r.report());
                if (r.note() != null && !r.status().equals("failed")) {
                    out.println(console.style().yellow("not judged here: ") + r.note());
                }
            }
        });
    }

    static void print(PrintStream out, Style s, CheckReport report) {
        int width = Math.max(NAME_WIDTH, report.checks().stream().mapToInt(c -> c.name().length()).max().orElse(0));
        for (CheckResult c : report.checks()) {
            String mark = c.passed() ? s.green("PASS") : s.red("FAIL");
            out.println(mark + "  " + pad(c.name(), width) + " " + s.dim(Durations.format(c.duration())));
            if (!c.passed()) {
                out.println("      " + c.message());
                if (c.expected() != null) {
                    out.println("      expected: " + indent(c.expected(), 16));
                }
                if (c.actual() != null && !c.actual().isBlank()) {
                    out.println("      got:      " + indent(c.actual(), 16));
                }
            } else if (c.message() != null) {
                out.println("      " + s.yellow("note: ") + c.message());
            }
        }
        String summary = report.summary();
        out.println(report.allPassed() ? s.green(summary) : s.red(summary));
    }

    private static String pad(String name, int width) {
        return name + " ".repeat(width - name.length());
    }

    private static String indent(String text, int by) {
        return text.strip().replace("\n", "\n" + " ".repeat(by));
    }
}
