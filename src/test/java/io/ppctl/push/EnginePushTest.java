package io.ppctl.push;

import io.ppctl.config.PushConfig;
import io.ppctl.config.RegistryConfig;
import io.ppctl.core.ExitCode;
import io.ppctl.core.PpctlException;
import io.ppctl.registry.Credentials;
import io.ppctl.registry.RegistryClient;
import io.ppctl.registry.Retry;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** What a push says before it starts on an engine that cannot do part of it (Podman's Docker API). */
class EnginePushTest {
    private static RegistryClient client(String name, Optional<Credentials> creds) {
        return new RegistryClient(new RegistryConfig(name, "ghcr.io/acme/pp", false), creds, new Retry(PushConfig.DEFAULT, m -> { }));
    }

    private final RegistryClient password = client("ghcr", Optional.of(Credentials.password("ci-bot", "s3cret-pw", "PPCTL_GHCR_PASSWORD")));
    private final RegistryClient identity = client("acr", Optional.of(Credentials.identityToken("rt-s3cret", "docker config /home/ci/.docker/config.json")));

    @Test
    void podmanCannotPushWithAnIdentityTokenAndSaysSoInOneLineWithExitThree() {
        PpctlException e = catchThrowableOfType(() -> EnginePush.requireUsableCredentials("Podman", List.of(password, identity)),
                PpctlException.class);
        assertThat(e.exitCode()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(e.getMessage()).isEqualTo("Podman cannot push to " + identity.label() + " with an identity token from docker config "
                + "/home/ci/.docker/config.json: its Docker API passes only a user name and password to the registry, so the push "
                + "would go without credentials").doesNotContain("rt-s3cret").doesNotContain("\n");
        assertThat(e.hint()).isEqualTo("give acr a user name and password (PPCTL_ACR_USERNAME and PPCTL_ACR_PASSWORD, or --username "
                + "with --password-stdin), or push with Docker");
    }

    @Test
    void passwordsAnonymousAccessAndDockerPassEverywhere() {
        assertThatCode(() -> EnginePush.requireUsableCredentials("Podman", List.of(password, client("hub", Optional.empty()))))
                .doesNotThrowAnyException();
        assertThatCode(() -> EnginePush.requireUsableCredentials("Docker", List.of(identity))).doesNotThrowAnyException();
    }

    @Test
    void onlyPodmanSaysItsPushHasNoLayerProgress() {
        assertThat(EnginePush.progressNote("Podman")).contains("Podman reports a push per tag, not per layer: no upload progress "
                + "until each tag is pushed");
        assertThat(EnginePush.progressNote("Docker")).isEmpty();
    }
}
