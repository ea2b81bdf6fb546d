package io.ppctl.project;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The Kyverno policies of policies/security-policy: each policy's rule names, and the names Kyverno reports. */
final class SecurityPolicies {
    static final String DIR = "policies/security-policy";

    private SecurityPolicies() {}

    static List<Path> files() {
        return RepoFiles.files(DIR, ".yaml");
    }

    /** policy name -> its rule names, in file order. */
    @SuppressWarnings("unchecked")
    static Map<String, List<String>> rules() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Path f : files()) {
            Map<String, Object> policy = RepoFiles.yamlMap(f);
            String name = (String) RepoFiles.at(policy, "metadata.name");
            List<Map<String, Object>> rules = (List<Map<String, Object>>) RepoFiles.at(policy, "spec.rules");
            out.put(name, rules.stream().map(r -> (String) r.get("name")).toList());
        }
        return out;
    }

    /**
     * Every {@code <policy>/<rule>} name a violation can be reported under. Kyverno turns a rule written for Pods into
     * {@code autogen-<rule>} for Deployments and the other Pod controllers and {@code autogen-cronjob-<rule>} for
     * CronJobs, and reports those names.
     */
    static Set<String> reportableViolations() {
        Set<String> out = new LinkedHashSet<>();
        rules().forEach((policy, rules) -> {
            for (String rule : rules) {
                out.add(policy + "/" + rule);
                out.add(policy + "/autogen-" + rule);
                out.add(policy + "/autogen-cronjob-" + rule);
            }
        });
        return out;
    }

    /** The policy part of a {@code <policy>/<rule>} name. */
    static String policyOf(String violation) {
        return violation.substring(0, violation.indexOf('/'));
    }
}
