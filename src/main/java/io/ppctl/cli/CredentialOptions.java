package io.ppctl.cli;

import io.ppctl.config.RegistryConfig;
import io.ppctl.core.PpctlException;
import io.ppctl.registry.Credentials;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * --username with --password-stdin: credentials for one registry, the password read from standard input so it
 * never appears in the process list or the shell history. They win over every other source.
 */
final class CredentialOptions {
    private static final int MAX_PASSWORD = 64 * 1024;

    @Option(names = "--username", paramLabel = "USER",
            description = "Log in to the registry as USER (with --password-stdin; needs exactly one registry).")
    String username;

    @Option(names = "--password-stdin",
            description = "Read the password or token for --username from standard input.")
    boolean passwordStdin;

    /** The credentials by registry name; empty when the options were not given. */
    Map<String, Credentials> read(InputStream in, List<RegistryConfig> registries) {
        if (username == null && !passwordStdin) {
            return Map.of();
        }
        if (username == null || username.isBlank()) {
            throw PpctlException.usage("--password-stdin needs --username");
        }
        if (!passwordStdin) {
            throw PpctlException.usage("--username needs --password-stdin (passwords are never taken as arguments)");
        }
        if (registries.size() != 1) {
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
        return Map.of(registries.get(0).name(), Credentials.password(username, password, "--password-stdin"));
    }
}
