package io.ppctl.core;

/**
 * A failure ppctl understands: it carries the exit code and a message a user can act on,
 * plus an optional hint printed on the line after it. The CLI maps it once; nothing else prints it.
 */
public class PpctlException extends RuntimeException {
    private final ExitCode exitCode;
    private final String hint;
    private volatile String step;

    public PpctlException(ExitCode exitCode, String message) {
        this(exitCode, message, null, null);
    }

    public PpctlException(ExitCode exitCode, String message, String hint, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
        this.hint = hint;
    }

    /** Names the step (build, push, preflight...) that failed, once: the innermost naming wins. */
    public PpctlException atStep(String name) {
        if (step == null) {
            step = name;
        }
        return this;
    }

    /** The step that failed, or null when the failure came before any step (options, config). */
    public String step() {
        return step;
    }

    public ExitCode exitCode() {
        return exitCode;
    }

    /** A short "what to do next", or null. */
    public String hint() {
        return hint;
    }

    public static PpctlException usage(String message) {
        return new PpctlException(ExitCode.USAGE, message);
    }

    public static PpctlException checkFailed(String message) {
        return new PpctlException(ExitCode.CHECK_FAILED, message);
    }

    public static PpctlException environment(String message, String hint, Throwable cause) {
        return new PpctlException(ExitCode.ENVIRONMENT, message, hint, cause);
    }

    public static PpctlException interrupted() {
        return new PpctlException(ExitCode.INTERRUPTED, "interrupted");
    }
}
