package io.ppctl.testing;

/** What one ppctl run gave back. */
public record CliResult(int exitCode, String stdout, String stderr) {
    /** stderr's non-empty lines, for "one clear line" assertions. */
    public java.util.List<String> stderrLines() {
        return stderr.lines().filter(l -> !l.isBlank()).toList();
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }
}
