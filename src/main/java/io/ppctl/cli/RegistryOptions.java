package io.ppctl.cli;

import io.ppctl.config.PpctlConfig;
import io.ppctl.config.RegistryConfig;
import io.ppctl.core.PpctlException;
import io.ppctl.registry.Credentials;
import io.ppctl.registry.RegistrySelection;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The registry options of push and rollback (and release): --registry to choose registries, and --username with
 * --password-stdin, credentials for one registry, the password read from standard input so it never appears in
 * the process list or the shell history. They win over every other source.
 */
final class RegistryOptions {
    private static final int MAX_PASSWORD = 64 * 1024;

    @Option(names = "--registry", paramLabel = "NAME",
            description = "Only this registry (by its name in ppctl.yaml); repeatable. Default: all.")
    List<String> registries = new ArrayList<>();

    @Option(names = "--username", paramLabel = "USER",
            description = "Log in to the registry as USER (with --password-stdin; needs exactly one registry).")
    String username;

    @Option(names = "--password-stdin",
            description = "Read the password or token for --username from standard input.")
    boolean passwordStdin;

    /** The registries chosen (exit 2 for an unknown name). */
    List<RegistryConfig> selected(PpctlConfig config) {
        return RegistrySelection.select(config, registries);
    }

    /** The command-line credentials by registry name; empty when the options were not given. Reads {@code in}. */
    Map<String, Credentials> credentials(InputStream in, PpctlConfig config) {
        List<RegistryConfig> chosen = selected(config);
        if (username == null && !passwordStdin) {
            return Map.of();
        }
        if (username == null || username.isBlank()) {
            throw PpctlException.usage("--password-stdin needs --username");
        }
        if (!passwordStdin) {
            throw PpctlException.usage("--username needs --password-stdin (passwords are never taken as arguments)");
        }
        if (chosen.size() != 1) {
            throw PpctlException.usage("--username/--password-stdin log in to one registry; choose it with --registry NAME");
        }
        String password;
        try {
            password = new String(in.readNBytes(MAX_PASSWORD), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw PpctlException.usage("--password-stdin: cannot read standard input: " + e.getMessage());
        }
        password = password.replaceAll("[\\r\\n]+$", "");
        if (password.isEmpty()) {
            throw PpctlException.usage("--password-stdin read an empty password from standard input");
        }
        return Map.of(chosen.get(0).name(), Credentials.password(username, password, "--password-stdin"));
    }
}
