package io.ppctl.core;

/** Every exit code ppctl can return; README and {@code ppctl --help} list the same table. */
public enum ExitCode {
    OK(0, "success"),
    CHECK_FAILED(1, "a check failed: tests, scan gate, size budget, refused overwrite"),
    USAGE(2, "invalid usage, configuration or input"),
    ENVIRONMENT(3, "environment unavailable: Docker daemon, registry, scanner, git"),
    INTERNAL(4, "internal error (a bug in ppctl; rerun with --stacktrace and report it)"),
    INTERRUPTED(130, "interrupted (Ctrl-C); everything ppctl started was removed");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }
}
