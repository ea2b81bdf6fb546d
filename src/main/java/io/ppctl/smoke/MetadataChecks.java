package io.ppctl.smoke;

import io.ppctl.config.SmokeTestsConfig.MetadataCheck;
import io.ppctl.docker.ImageDetails;
import io.ppctl.report.CheckResult;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks of the image config (labels, user, working directory, environment): read from the daemon's image
 * inspection, nothing runs. Label and env values are regular expressions that must match the whole value;
 * user and workdir are compared as written.
 */
public final class MetadataChecks {
    private MetadataChecks() {}

    public static List<CheckResult> evaluate(MetadataCheck check, ImageDetails image) {
        List<CheckResult> out = new ArrayList<>();
        check.labels().forEach((key, pattern) -> out.add(matches("label " + key, pattern, image.labels().get(key), "is missing")));
        if (!check.user().isEmpty()) {
            String user = image.user().isEmpty() ? "" : image.user();
            out.add(equal("user", check.user(), user, "(none: containers run as root)"));
        }
        if (!check.workdir().isEmpty()) {
            String workdir = image.workdir().isEmpty() ? "/" : image.workdir();
            out.add(equal("workdir", check.workdir(), workdir, "/"));
        }
        Map<String, String> env = env(image.env());
        check.env().forEach((key, pattern) -> out.add(matches("env " + key, pattern, env.get(key), "is not set")));
        return out;
    }

    private static CheckResult matches(String name, Pattern pattern, String value, String absent) {
        if (value == null) {
            return CheckResult.fail(name, "metadata", Duration.ZERO, name + " " + absent, "/" + pattern.pattern() + "/", "(none)");
        }
        if (pattern.matcher(value).matches()) {
            return CheckResult.pass(name, "metadata", Duration.ZERO);
        }
        return CheckResult.fail(name, "metadata", Duration.ZERO, name + " is '" + value + "', expected /" + pattern.pattern() + "/",
                "/" + pattern.pattern() + "/", value);
    }

    private static CheckResult equal(String name, String expected, String actual, String emptyMeans) {
        if (expected.equals(actual)) {
            return CheckResult.pass(name, "metadata", Duration.ZERO);
        }
        String shown = actual.isEmpty() ? emptyMeans : "'" + actual + "'";
        return CheckResult.fail(name, "metadata", Duration.ZERO, name + " is " + shown + ", expected '" + expected + "'",
                expected, actual.isEmpty() ? emptyMeans : actual);
    }

    private static Map<String, String> env(List<String> entries) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String e : entries) {
            int eq = e.indexOf('=');
            if (eq > 0) {
                out.put(e.substring(0, eq), e.substring(eq + 1));
            } else {
                out.put(e, "");
            }
        }
        return out;
    }
}
