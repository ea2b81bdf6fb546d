package io.ppctl.pipeline;

import io.ppctl.platform.Platform;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a gate went on each image of a multi-platform build, by step name: each run's own context holds what the step
 * left for its platform (its report), so a command can print and write one report per platform.
 */
public final class PlatformRuns {
    public static final Key<PlatformRuns> KEY = Key.of("runs per platform", PlatformRuns.class);

    /** One platform's run of a step; {@code message} its summary, or why it failed or was skipped. */
    public record Run(TargetImage image, StepResult.Status status, String message, StepContext context) {
        public Platform platform() {
            return image.platform();
        }

        public <T> Optional<T> get(Key<T> key) {
            return context.get(key);
        }
    }

    private final Map<String, List<Run>> byStep = new LinkedHashMap<>();

    synchronized void put(String step, List<Run> runs) {
        byStep.put(step, List.copyOf(runs));
    }

    /** The runs of {@code step}, in the build's platform order; empty when it did not run per platform. */
    public synchronized List<Run> of(String step) {
        return byStep.getOrDefault(step, List.of());
    }
}
