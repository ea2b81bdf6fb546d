package io.ppctl.cli;

import io.ppctl.core.PpctlException;
import io.ppctl.project.Project;
import io.ppctl.supplychain.SigningKey;
import io.ppctl.supplychain.SupplyChain;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** --signing-password-stdin: the password of signing.key from standard input (never an argument). */
final class SigningOptions {
    private static final int MAX_PASSWORD = 4096;

    @Option(names = "--signing-password-stdin",
            description = "Read the password of signing.key from standard input (default: the variable signing.passwordEnv names, COSIGN_PASSWORD).")
    boolean passwordStdin;

    /**
     * The configured signing key, loaded before anything is built (a wrong password or an unsupported key is exit 2
     * now, not after the build); empty when signing is not configured.
     */
    Optional<SigningKey> load(InputStream in, Project project, boolean stdinTaken) {
        if (!project.config().signing().enabled()) {
            if (passwordStdin) {
                throw PpctlException.usage("--signing-password-stdin: signing is not configured (signing.key in "
                        + project.configFile().getFileName() + ")");
            }
            return Optional.empty();
        }
        if (passwordStdin && stdinTaken) {
            throw PpctlException.usage("--signing-password-stdin and --password-stdin both read standard input; "
                    + "give the signing password in signing.passwordEnv instead");
        }
        Optional<char[]> password = Optional.empty();
        if (passwordStdin) {
            try {
                String text = new String(in.readNBytes(MAX_PASSWORD), StandardCharsets.UTF_8).replaceAll("[\\r\\n]+$", "");
                if (text.isEmpty()) {
                    throw PpctlException.usage("--signing-password-stdin read an empty password from standard input");
                }
                password = Optional.of(text.toCharArray());
            } catch (IOException e) {
                throw PpctlException.usage("--signing-password-stdin: cannot read standard input: " + e.getMessage());
            }
        }
        return SupplyChain.loadKey(project, password);
    }
}
