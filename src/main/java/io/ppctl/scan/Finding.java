package io.ppctl.scan;

/**
 * One entry of {@code Results[].Vulnerabilities[]} in a Trivy report: a vulnerability in one installed package of
 * one target (the OS packages, or a binary such as usr/local/bin/kyverno). {@code fixedVersion}, {@code title},
 * {@code description} and {@code primaryUrl} are empty when Trivy left them out.
 */
public record Finding(String id, String pkgName, String installedVersion, String fixedVersion, Severity severity,
                      String title, String description, String primaryUrl, String target, String resultClass,
                      String pkgPath, Double cvssScore) {

    public boolean hasFix() {
        return !fixedVersion.isBlank();
    }
}
