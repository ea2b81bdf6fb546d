package io.ppctl.registry;

import io.ppctl.config.PpctlConfig;
import io.ppctl.config.RegistryConfig;
import io.ppctl.core.PpctlException;

import java.util.ArrayList;
import java.util.List;

/** The registries a command works on: all configured ones, or those named with --registry (exit 2 for unknown names). */
public final class RegistrySelection {
    private RegistrySelection() {}

    public static List<RegistryConfig> select(PpctlConfig config, List<String> names) {
        if (config.registries().isEmpty()) {
            throw PpctlException.usage("no registries configured: add a 'registries:' list to ppctl.yaml "
                    + "(name and repository, e.g. ghcr and ghcr.io/acme/policy-platform)");
        }
        if (names == null || names.isEmpty()) {
            return config.registries();
        }
        List<RegistryConfig> out = new ArrayList<>();
        for (String n : names) {
            RegistryConfig r = config.registry(n).orElseThrow(() -> PpctlException.usage("unknown registry '" + n
                    + "'; configured: " + String.join(", ", config.registries().stream().map(RegistryConfig::name).toList())));
            if (!out.contains(r)) {
                out.add(r);
            }
        }
        return List.copyOf(out);
    }
}
