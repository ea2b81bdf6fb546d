package io.ppctl.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/** The checks of one step (smoke-test, integration-test) against one image, in the order they were declared. */
@JsonPropertyOrder({"suite", "image", "imageId", "passed", "failed", "checks"})
public record CheckReport(String suite, String image, String imageId, List<CheckResult> checks) {

    public CheckReport {
        checks = List.copyOf(checks);
    }

    @JsonProperty("passed")
    public long passedCount() {
        return checks.stream().filter(CheckResult::passed).count();
    }

    @JsonProperty("failed")
    public long failedCount() {
        return checks.size() - passedCount();
    }

    public boolean allPassed() {
        return failedCount() == 0;
    }

    /** "12 passed, 1 failed". */
    public String summary() {
        return passedCount() + " passed, " + failedCount() + " failed";
    }

    /** Names of the failed checks, for a one-line error message. */
    public List<String> failedNames() {
        return checks.stream().filter(c -> !c.passed()).map(CheckResult::name).toList();
    }

    /** One testcase per check; the class name groups them by kind (ppctl.smoke-test.command, ...). */
    public JUnitReport toJUnit() {
        return new JUnitReport("ppctl " + suite + " " + image, checks.stream().map(c -> {
            String className = "ppctl." + suite + "." + c.kind();
            if (c.passed()) {
                // What a passed check saw (an integration case rejected as expected: by which rules) as system-out.
                String seen = c.actual() == null || c.actual().isBlank() ? null
                        : c.message() == null ? c.actual() : c.message() + "\n" + c.actual();
                return new JUnitReport.Case(c.name(), className, c.duration(), null, null, null, seen);
            }
            StringBuilder detail = new StringBuilder(c.message() == null ? "" : c.message());
            if (c.expected() != null) {
                detail.append("\nexpected: ").append(c.expected());
            }
            if (c.actual() != null) {
                detail.append("\nactual:\n").append(c.actual());
            }
            return JUnitReport.Case.failed(className, c.name(), c.duration(), c.message(), detail.toString());
        }).toList());
    }

    /** What a gate record keeps of a test suite: the counts and the names of failed checks. */
    public java.util.Map<String, Object> gateDetails() {
        java.util.Map<String, Object> d = new java.util.LinkedHashMap<>();
        d.put("total", checks.size());
        d.put("passed", passedCount());
        d.put("failed", failedCount());
        d.put("failedChecks", failedNames());
        return d;
    }
}
