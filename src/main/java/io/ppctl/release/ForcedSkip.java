package io.ppctl.release;

import io.ppctl.pipeline.Step;
import io.ppctl.pipeline.StepContext;

import java.util.Optional;

/** A step the user turned off (--skip, --no-push): it does not run, and says so loudly, with the reason. */
final class ForcedSkip implements Step {
    private final Step step;
    private final String reason;

    ForcedSkip(Step step, String reason) {
        this.step = step;
        this.reason = reason;
    }

    @Override
    public String name() {
        return step.name();
    }

    @Override
    public String description() {
        return step.description();
    }

    @Override
    public Optional<String> skipReason(StepContext ctx) {
        return Optional.of(reason);
    }

    @Override
    public String run(StepContext ctx) {
        throw new IllegalStateException(step.name() + " is skipped");
    }
}
