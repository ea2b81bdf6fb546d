package io.ppctl.integration;

import java.util.List;
import java.util.Optional;

/**
 * What {@code kyverno apply} reported: the summary counts (absent when it printed none, e.g. it failed to load the
 * policies) and every {@code policy P -> resource R failed:} block, one {@link Violation} per failed rule.
 */
public record KyvernoResult(Optional<Summary> summary, List<Violation> violations, List<Violation> auditWarnings,
                            int policyRules, int resources) {

    /** {@code pass: N, fail: N, warn: N, error: N, skip: N}. */
    public record Summary(int pass, int fail, int warn, int error, int skip) {
        @Override
        public String toString() {
            return "pass: " + pass + ", fail: " + fail + ", warn: " + warn + ", error: " + error + ", skip: " + skip;
        }
    }

    /**
     * One failed rule on one resource. {@code rule} is empty for policy types without rule names (ValidatingPolicy);
     * {@link #id()} is then the policy name alone.
     */
    public record Violation(String policy, String rule, String resource, String message) {
        /** policy/rule, as written in expectViolations. */
        public String id() {
            return rule.isEmpty() ? policy : policy + "/" + rule;
        }

        @Override
        public String toString() {
            return id() + " on " + resource + (message.isEmpty() ? "" : ": " + message);
        }
    }

    /** The distinct policy/rule ids that failed, in the order kyverno printed them. */
    public List<String> violationIds() {
        return violations.stream().map(Violation::id).distinct().toList();
    }
}
