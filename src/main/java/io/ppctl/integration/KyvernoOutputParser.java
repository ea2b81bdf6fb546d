package io.ppctl.integration;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the text {@code kyverno apply} prints (it has no machine-readable output for apply results). The formats,
 * recorded from kyverno's own CLI conformance tests and sources (see the fixtures' README):
 * <pre>
 *
 * Applying 1 policy rule(s) to 5 resource(s)...
 * policy check-deployment-labels -> resource default/Deployment/bad-deployment failed:
 * 1 - check-deployment-labels Deployment labels must be env=prod
 *
 *
 * pass: 1, fail: 1, warn: 0, error: 0, skip: 0 </pre>
 * Rule lines are {@code N - RULE MESSAGE} since kyverno 1.10 ({@code N -  MESSAGE} with an empty rule name for
 * ValidatingPolicies) and {@code N. RULE: MESSAGE} before. Exit codes are not trusted: the counts are.
 */
public final class KyvernoOutputParser {
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*[A-Za-z]");
    private static final Pattern SUMMARY = Pattern.compile(
            "pass:\\s*(\\d+),\\s*fail:\\s*(\\d+),\\s*warn:\\s*(\\d+),\\s*error:\\s*(\\d+),\\s*skip:\\s*(\\d+)");
    private static final Pattern APPLYING = Pattern.compile(
            "^Applying:? (\\d+) polic(?:y|ies)(?: rules?)?(?:\\(s\\))? to (\\d+) resources?(?:\\(s\\))?");
    private static final Pattern BLOCK = Pattern.compile("^policy (\\S+) -> resource (\\S*) failed( as audit warning)?:\\s*$");
    private static final Pattern RULE = Pattern.compile("^(\\d+) - (\\S*)(?: (.*))?$");
    private static final Pattern OLD_RULE = Pattern.compile("^(\\d+)\\. ([^:\\s]+): ?(.*)$");

    private KyvernoOutputParser() {}

    public static KyvernoResult parse(String stdout) {
        String text = ANSI.matcher(stdout == null ? "" : stdout).replaceAll("").replace("\r", "");
        Optional<KyvernoResult.Summary> summary = Optional.empty();
        List<KyvernoResult.Violation> violations = new ArrayList<>();
        List<KyvernoResult.Violation> warnings = new ArrayList<>();
        int rules = -1;
        int resources = -1;
        String policy = null;
        String resource = null;
        boolean audit = false;
        for (String raw : text.split("\n", -1)) {
            String line = raw.strip();
            Matcher m;
            if ((m = SUMMARY.matcher(line)).find()) {
                summary = Optional.of(new KyvernoResult.Summary(i(m, 1), i(m, 2), i(m, 3), i(m, 4), i(m, 5)));
                policy = null;
            } else if ((m = APPLYING.matcher(line)).find()) {
                rules = i(m, 1);
                resources = i(m, 2);
                policy = null;
            } else if ((m = BLOCK.matcher(line)).matches()) {
                policy = m.group(1);
                resource = m.group(2);
                audit = m.group(3) != null;
            } else if (policy != null && ((m = RULE.matcher(line)).matches() || (m = OLD_RULE.matcher(line)).matches())) {
                String message = m.group(3) == null ? "" : m.group(3).strip();
                KyvernoResult.Violation v = new KyvernoResult.Violation(policy, m.group(2), resource, message);
                (audit ? warnings : violations).add(v);
            } else {
                policy = null;
            }
        }
        return new KyvernoResult(summary, List.copyOf(violations), List.copyOf(warnings), rules, resources);
    }

    private static int i(Matcher m, int group) {
        return Integer.parseInt(m.group(group));
    }
}
