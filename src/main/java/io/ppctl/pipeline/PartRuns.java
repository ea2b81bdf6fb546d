package io.ppctl.pipeline;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a step went on each of its parts ({@link Step#parts}: one per platform's image of a multi-platform build), by
 * step name. Each run's own context holds what the step left for that part (its report), so a command can print and
 * write one report per part.
 */
public final class PartRuns {
    public static final Key<PartRuns> KEY = Key.of("runs per part", PartRuns.class);

    /** One part's run of a step: {@code part} names it (linux/arm64); {@code message} its summary, or why it failed or was skipped. */
    public record Run(String part, StepResult.Status status, String message, StepContext context) {
        public <T> Optional<T> get(Key<T> key) {
            return context.get(key);
        }
    }

    private final Map<String, List<Run>> byStep = new LinkedHashMap<>();

    synchronized void put(String step, List<Run> runs) {
        byStep.put(step, List.copyOf(runs));
    }

    /** The runs of {@code step}, in the order of its parts; empty when it did not run in parts. */
    public synchronized List<Run> of(String step) {
        return byStep.getOrDefault(step, List.of());
    }
}
