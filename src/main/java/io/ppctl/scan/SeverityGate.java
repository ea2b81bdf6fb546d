package io.ppctl.scan;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ppctl's gate over Trivy's findings. Trivy reports everything (no --severity, --ignore-unfixed or --ignorefile
 * is passed to it), so every finding is shown and only this decides: a finding fails the gate when its severity
 * is at or above the threshold, no live ignore entry lists its ID, and it has a fixed version or ignoreUnfixed is
 * off. UNKNOWN never fails the gate. Pure.
 */
public final class SeverityGate {
    private final Severity threshold;
    private final boolean ignoreUnfixed;
    private final IgnoreFile ignores;

    public SeverityGate(Severity threshold, boolean ignoreUnfixed, IgnoreFile ignores) {
        if (threshold == Severity.UNKNOWN) {
            throw new IllegalArgumentException("the threshold is LOW, MEDIUM, HIGH or CRITICAL");
        }
        this.threshold = threshold;
        this.ignoreUnfixed = ignoreUnfixed;
        this.ignores = ignores;
    }

    public Verdict evaluate(List<Finding> findings, LocalDate today) {
        List<Verdict.Assessed> assessed = new ArrayList<>();
        for (Finding f : findings) {
            var live = ignores.active(f.id(), today);
            var expired = ignores.expiredFor(f.id(), today);
            Verdict.Status status;
            if (live.isPresent()) {
                status = Verdict.Status.IGNORED;
            } else if (ignoreUnfixed && !f.hasFix()) {
                status = Verdict.Status.UNFIXED;
            } else if (f.severity().atLeast(threshold)) {
                status = Verdict.Status.FAILS_GATE;
            } else {
                status = Verdict.Status.BELOW_THRESHOLD;
            }
            assessed.add(new Verdict.Assessed(f, status, live.orElse(null), expired.orElse(null)));
        }
        // Highest severity first, and within one severity the order Trivy reported.
        assessed.sort((a, b) -> b.finding().severity().compareTo(a.finding().severity()));
        Map<Severity, Verdict.Count> counts = new LinkedHashMap<>();
        for (int i = Severity.values().length - 1; i >= 0; i--) {
            Severity s = Severity.values()[i];
            List<Verdict.Assessed> of = assessed.stream().filter(a -> a.finding().severity() == s).toList();
            counts.put(s, new Verdict.Count(of.size(), count(of, Verdict.Status.IGNORED), count(of, Verdict.Status.UNFIXED),
                    count(of, Verdict.Status.FAILS_GATE)));
        }
        boolean passed = assessed.stream().noneMatch(a -> a.status() == Verdict.Status.FAILS_GATE);
        return new Verdict(threshold, ignoreUnfixed, passed, List.copyOf(assessed), java.util.Collections.unmodifiableMap(counts),
                ignores.expired(today),
                Verdict.line(counts, passed, threshold));
    }

    private static int count(List<Verdict.Assessed> list, Verdict.Status status) {
        return (int) list.stream().filter(a -> a.status() == status).count();
    }
}
