package io.ppctl.registry;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * What ppctl logs in to a registry with, and where it came from. {@code secret} is a password, an access token
 * or (when {@code identityToken}) an OAuth2 refresh token; it is never part of {@link #toString()} or of
 * {@link #describe()}, so printing a Credentials by mistake leaks nothing.
 *
 * @param source where the credentials were found, for messages: "PPCTL_GHCR_PASSWORD", "credential helper gcloud"
 */
public record Credentials(String username, String secret, boolean identityToken, String source) {

    /** The user name credential helpers and docker config use for an identity (refresh) token. */
    public static final String TOKEN_USER = "<token>";

    public static Credentials password(String username, String secret, String source) {
        return new Credentials(username, secret, false, source);
    }

    public static Credentials identityToken(String token, String source) {
        return new Credentials(TOKEN_USER, token, true, source);
    }

    /** For messages: "user ci-bot from PPCTL_GHCR_PASSWORD" or "an identity token from docker config ...". */
    public String describe() {
        return (identityToken ? "an identity token" : "user " + username) + " from " + source;
    }

    /** The value of an HTTP Basic Authorization header. */
    String basicHeader() {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "Credentials[" + describe() + "]";
    }
}
