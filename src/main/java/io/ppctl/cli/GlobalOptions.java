package io.ppctl.cli;

import io.ppctl.console.Console;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.nio.file.Path;

/** Options every command accepts, before or after the subcommand name. */
public final class GlobalOptions {
    @Option(names = {"-C", "--project-dir"}, paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "Project folder (holds VERSION, Dockerfile, ppctl.yaml). Default: the current folder.")
    Path projectDir;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "Config file, relative to the project folder. Default: ppctl.yaml (optional; every key has a default).")
    Path config;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Show more: every output line, debug details.")
    boolean verbose;

    @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT,
            description = "Show only the result, warnings and errors.")
    boolean quiet;

    @Option(names = "--no-color", scope = ScopeType.INHERIT,
            description = "No colours (also when NO_COLOR is set or output is not a terminal).")
    boolean noColor;

    @Option(names = "--output", paramLabel = "FORMAT", scope = ScopeType.INHERIT,
            description = "Result format on stdout: ${COMPLETION-CANDIDATES}. Default: text.")
    Console.Format output = Console.Format.TEXT;

    @Option(names = "--stacktrace", scope = ScopeType.INHERIT,
            description = "Print the full stack trace of an error (for bug reports).")
    boolean stacktrace;

    public Path projectDir() {
        return projectDir == null ? Path.of("") : projectDir;
    }
}
