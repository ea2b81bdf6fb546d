package io.ppctl.registry;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** WWW-Authenticate values as real registries send them. */
class AuthChallengeTest {

    @Test
    void readsDockerHubsBearerChallengeWithACommaInTheScope() {
        AuthChallenge c = AuthChallenge.parse("Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\","
                + "scope=\"repository:samalba/my-app:pull,push\"").orElseThrow();
        assertThat(c.bearer()).isTrue();
        assertThat(c.param("realm")).contains("https://auth.docker.io/token");
        assertThat(c.param("service")).contains("registry.docker.io");
        assertThat(c.param("scope")).contains("repository:samalba/my-app:pull,push");
    }

    @Test
    void readsGhcrsChallengeForThePing() {
        AuthChallenge c = AuthChallenge.parse("Bearer realm=\"https://ghcr.io/token\",service=\"ghcr.io\",scope=\"repository:user/image:pull\"")
                .orElseThrow();
        assertThat(c.param("realm")).contains("https://ghcr.io/token");
        assertThat(c.param("service")).contains("ghcr.io");
    }

    @Test
    void readsAnInsufficientScopeErrorChallenge() {
        AuthChallenge c = AuthChallenge.parse("Bearer realm=\"https://us-docker.pkg.dev/v2/token\",service=\"us-docker.pkg.dev\","
                + "scope=\"repository:acme/images/pp:push,pull\",error=\"insufficient_scope\"").orElseThrow();
        assertThat(c.param("error")).contains("insufficient_scope");
        assertThat(c.param("scope")).contains("repository:acme/images/pp:push,pull");
    }

    @Test
    void readsTheBasicChallengeOfAnHtpasswdRegistry() {
        AuthChallenge c = AuthChallenge.parse("Basic realm=\"ppctl-test\"").orElseThrow();
        assertThat(c.basic()).isTrue();
        assertThat(c.bearer()).isFalse();
        assertThat(c.param("realm")).contains("ppctl-test");
    }

    @Test
    void acceptsUnquotedValuesAndAnyCaseOfTheScheme() {
        AuthChallenge c = AuthChallenge.parse("bearer realm=https://acme.azurecr.io/oauth2/token, service=acme.azurecr.io").orElseThrow();
        assertThat(c.bearer()).isTrue();
        assertThat(c.param("realm")).contains("https://acme.azurecr.io/oauth2/token");
        assertThat(c.param("service")).contains("acme.azurecr.io");
    }

    @Test
    void nothingToParseIsEmpty() {
        assertThat(AuthChallenge.parse(null)).isEmpty();
        assertThat(AuthChallenge.parse("  ")).isEmpty();
    }
}
