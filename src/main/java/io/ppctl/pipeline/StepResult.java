package io.ppctl.pipeline;

import java.time.Duration;

/** How one step ended. {@code message} is the summary when it passed, the reason when it was skipped or failed. */
public record StepResult(String step, Status status, Duration duration, String message, int exitCode) {
    public enum Status { PASSED, FAILED, SKIPPED }
}
