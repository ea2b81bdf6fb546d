package io.ppctl.config;

import java.util.List;

/**
 * {@code signing:} the key ppctl signs pushed digests and their attestations with (cosign-compatible), where its
 * password comes from (an environment variable; `--signing-password-stdin` on the command line reads it from stdin
 * instead), and which SBOM formats scan writes. Without {@code key} nothing is signed and push works as before.
 */
public record SigningConfig(String key, String passwordEnv, List<String> sbomFormats, boolean referrers) {

    public static final List<String> SBOM_FORMATS = List.of("cyclonedx", "spdx-json");
    public static final SigningConfig NONE = new SigningConfig("", "COSIGN_PASSWORD", List.of("cyclonedx"), true);

    public boolean enabled() {
        return key != null && !key.isBlank();
    }

    static SigningConfig read(ConfigReader r) {
        String key = r.string("key", NONE.key());
        String env = r.string("passwordEnv", NONE.passwordEnv());
        List<String> formats = r.stringList("sbom", NONE.sbomFormats(), true);
        for (String f : formats) {
            if (!SBOM_FORMATS.contains(f)) {
                r.problem("sbom", "unknown SBOM format '" + f + "'; supported: " + String.join(", ", SBOM_FORMATS));
            }
        }
        if (env != null && !env.isEmpty() && !env.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            r.problem("passwordEnv", "must name an environment variable, not hold the password");
        }
        boolean referrers = r.bool("referrers", NONE.referrers());
        r.finish();
        return new SigningConfig(key, env, List.copyOf(formats), referrers);
    }
}
