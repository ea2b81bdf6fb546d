package io.ppctl.integration;

import java.util.List;
import java.util.Map;

/** What {@code pluto detect -o json} found: one finding per resource with a deprecated or removed apiVersion. */
public record PlutoReport(List<Finding> findings, Map<String, String> targetVersions) {

    /** {@code removed} and {@code deprecated} are pluto's verdicts for the target versions it was given. */
    public record Finding(String name, String namespace, String kind, String apiVersion, String deprecatedIn, String removedIn,
                          String replacementApi, String component, boolean deprecated, boolean removed) {
        @Override
        public String toString() {
            String what = kind + " " + (name.isEmpty() ? "" : name + " ") + "(" + apiVersion;
            String when = removed ? ", removed in " + removedIn : ", deprecated in " + deprecatedIn;
            String instead = replacementApi.isEmpty() ? "" : "; use " + replacementApi;
            return what + when + instead + ")";
        }
    }

    public List<Finding> removed() {
        return findings.stream().filter(Finding::removed).toList();
    }

    /** Deprecated but still served by the target version. */
    public List<Finding> deprecatedOnly() {
        return findings.stream().filter(f -> f.deprecated() && !f.removed()).toList();
    }
}
