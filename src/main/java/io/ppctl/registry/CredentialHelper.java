package io.ppctl.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ppctl.core.ChildEnvironment;
import io.ppctl.core.JsonMappers;
import io.ppctl.core.PpctlException;
import io.ppctl.core.Text;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks a docker credential helper (docker-credential-gcloud, -acr-env, -ecr-login, -pass, ...) for a registry's
 * credentials, by the helper protocol: run {@code docker-credential-<name> get}, write the server URL on its
 * stdin, read {"ServerURL", "Username", "Secret"} from its stdout. The server URL goes over stdin and the secret
 * comes back over a pipe, so neither ever shows in the process list. docker-java does not do this.
 */
public final class CredentialHelper {
    public static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final int MAX_OUTPUT = 64 * 1024;
    private static final ObjectMapper JSON = JsonMappers.plain();

    private final String name;
    private final Map<String, String> env;
    private final Duration timeout;

    public CredentialHelper(String name, Map<String, String> env, Duration timeout) {
        this.name = name;
        this.env = env;
        this.timeout = timeout;
    }

    public String name() {
        return name;
    }

    /** The helper's credentials for {@code serverUrl}, or empty when it has none ("credentials not found"). */
    public Optional<Credentials> get(String serverUrl) {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
            throw PpctlException.usage("docker config names the credential helper '" + name + "', which is not a valid helper name");
        }
        Path exe = find().orElseThrow(() -> PpctlException.environment("docker config names the credential helper '" + name
                + "' for " + serverUrl + ", but docker-credential-" + name + " is not on PATH",
                "install the helper, or remove it from credHelpers/credsStore in " + DockerConfigFile.location(env), null));
        ProcessBuilder pb = new ProcessBuilder(exe.toString(), "get");
        pb.environment().clear();
        pb.environment().putAll(env);
        ChildEnvironment.withoutPpctl(pb.environment());
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw PpctlException.environment("cannot run credential helper " + exe + ": " + e.getMessage(), null, e);
        }
        try {
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readBounded(p.getInputStream()));
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readBounded(p.getErrorStream()));
            try (OutputStream stdin = p.getOutputStream()) {
                stdin.write(serverUrl.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // A helper that exits without reading its input is judged by its exit code below.
            }
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw PpctlException.environment("credential helper docker-credential-" + name + " did not answer within "
                        + timeout.toSeconds() + " s for " + serverUrl, "check that it works: echo " + serverUrl
                        + " | docker-credential-" + name + " get", null);
            }
            String stdout = new String(out.get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8);
            String stderr = new String(err.get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                String said = (stdout + "\n" + stderr).strip();
                if (said.toLowerCase(java.util.Locale.ROOT).contains("credentials not found")) {
                    return Optional.empty();
                }
                throw PpctlException.environment("credential helper docker-credential-" + name + " failed for " + serverUrl
                        + " (exit " + p.exitValue() + ")" + (said.isEmpty() ? "" : ": " + clip(Text.firstLine(said))),
                        null, null);
            }
            return parse(stdout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw PpctlException.interrupted();
        } catch (ExecutionException | TimeoutException e) {
            throw PpctlException.environment("cannot read the answer of credential helper docker-credential-" + name, null, e);
        } finally {
            p.destroyForcibly();
        }
    }

    /**
     * The helper's answer. An empty Secret is "none": docker-credential-pass 0.6.4 (Debian bookworm) answers a server
     * it has nothing for with exit 0 and {"Username":"","Secret":""} rather than "credentials not found".
     */
    private Optional<Credentials> parse(String stdout) {
        JsonNode n;
        try {
            n = JSON.readTree(stdout);
        } catch (IOException e) {
            // Never quote the answer: it is where the secret is.
            throw PpctlException.environment("credential helper docker-credential-" + name + " did not answer with JSON", null, null);
        }
        String user = n == null ? null : n.path("Username").asText(null);
        String secret = n == null ? null : n.path("Secret").asText(null);
        if (secret == null || secret.isEmpty()) {
            return Optional.empty();
        }
        String source = "credential helper " + name;
        return Optional.of(Credentials.TOKEN_USER.equals(user) ? Credentials.identityToken(secret, source)
                : Credentials.password(user == null ? "" : user, secret, source));
    }

    private Optional<Path> find() {
        String path = env.getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, "docker-credential-" + name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate.toAbsolutePath());
            }
        }
        return Optional.empty();
    }

    private static byte[] readBounded(InputStream in) {
        try (in) {
            byte[] data = in.readNBytes(MAX_OUTPUT);
            in.transferTo(OutputStream.nullOutputStream());
            return data;
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private static String clip(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
