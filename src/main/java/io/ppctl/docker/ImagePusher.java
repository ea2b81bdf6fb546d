package io.ppctl.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.PushResponseItem;
import com.github.dockerjava.api.model.ResponseItem;
import io.ppctl.core.ExitCode;
import io.ppctl.core.PpctlException;

import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * docker push of one tag through the daemon. The credentials travel in the X-Registry-Auth header of the API
 * call (never on a command line). Registry errors arrive as items of an HTTP 200 stream, not as exceptions, so
 * every item is checked. The daemon's own upload retries (5 tries, 5 to 20 s apart, about 50 s in all) are cut
 * short: at its first "Retrying in" the push is cancelled and reported as transient, so that ppctl's
 * configured attempts and backoff decide how long a failing registry is retried.
 */
public final class ImagePusher {
    private static final Pattern SERVER_ERROR = Pattern.compile("(status:? |status code |http )5\\d\\d\\b|\\b5\\d\\d (internal|bad gateway|service unavailable|gateway timeout)");
    /**
     * Docker 29 on the containerd image store reports a registry's JSON error as "error from registry: MESSAGE",
     * without the HTTP status (moby daemon/containerd/registry_errors.go), so a 500 or 503 reads like any other answer
     * of the registry. The messages of the distribution spec's client errors are permanent; the rest (UNKNOWN,
     * UNAVAILABLE, a registry's own text) are retried within push.attempts.
     */
    private static final Pattern REGISTRY_CLIENT_ERROR = Pattern.compile("blob unknown|blob upload (invalid|unknown)"
            + "|digest did not match|manifest (invalid|unknown|failed signature)|invalid repository name|repository name not known"
            + "|length did not match|tag did not match|unsupported|invalid number of results|invalid content range");
    private static final Pattern STATUS_DIGEST = Pattern.compile("digest: (sha256:[0-9a-f]{64})");

    /** What the daemon logs in with. Only {@code serverAddress} and {@code username} show in toString. */
    public record Auth(String serverAddress, String username, String password, String identityToken) {
        public static Auth anonymous(String serverAddress) {
            return new Auth(serverAddress, null, null, null);
        }

        @Override
        public String toString() {
            return "Auth[" + serverAddress + (username == null ? "" : ", user " + username) + "]";
        }
    }

    /** Per-layer progress: status is Preparing, Waiting, Pushing, Pushed, Layer already exists, Mounted from ...; -1 when unknown. */
    @FunctionalInterface
    public interface Listener {
        void layer(String layerId, String status, long current, long total);
    }

    /** The manifest digest the daemon pushed, and its size in bytes (-1 when not reported). */
    public record Pushed(String digest, long size) {}

    public enum FailureKind { AUTH, TRANSIENT, PERMANENT }

    /** A push the registry or the daemon refused; always exit code 3 when it reaches the user. */
    public static final class PushFailure extends PpctlException {
        private final FailureKind kind;

        PushFailure(FailureKind kind, String message) {
            super(ExitCode.ENVIRONMENT, message, null, null);
            this.kind = kind;
        }

        public FailureKind kind() {
            return kind;
        }
    }

    private final DockerSession session;

    public ImagePusher(DockerSession session) {
        this.session = session;
    }

    /** Pushes {@code repository:tag}, which must exist locally. Blocks until the daemon is done; Ctrl-C cancels it. */
    public Pushed push(String repository, String tag, Auth auth, Listener listener) {
        Callback cb = new Callback(listener);
        try {
            session.client().pushImageCmd(repository).withTag(tag).withAuthConfig(authConfig(auth)).exec(cb);
            // Not awaitCompletion(timeout): it closes the stream when the timeout passes, which cancels the push.
            while (!cb.done.await(1, TimeUnit.SECONDS)) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException();
                }
            }
        } catch (InterruptedException e) {
            cb.closeQuietly();
            Thread.currentThread().interrupt();
            throw PpctlException.interrupted();
        } catch (RuntimeException e) {
            cb.closeQuietly();
            throw DockerErrors.wrap("pushing " + repository + ":" + tag, e);
        }
        if (cb.failure != null) {
            String m = cb.failure;
            throw new PushFailure(classify(m), m);
        }
        if (cb.retryingLayer != null) {
            throw new PushFailure(FailureKind.TRANSIENT, "the upload of layer " + cb.retryingLayer
                    + " to " + auth.serverAddress() + " broke off");
        }
        if (cb.error != null) {
            throw DockerErrors.wrap("pushing " + repository + ":" + tag, cb.error);
        }
        if (cb.digest == null) {
            throw new PushFailure(FailureKind.PERMANENT, "the daemon ended the push of " + repository + ":" + tag
                    + " without reporting a digest");
        }
        return new Pushed(cb.digest, cb.size);
    }

    private static AuthConfig authConfig(Auth auth) {
        AuthConfig c = new AuthConfig().withRegistryAddress(auth.serverAddress());
        if (auth.identityToken() != null) {
            c.withIdentityToken(auth.identityToken());
        } else if (auth.username() != null) {
            c.withUsername(auth.username()).withPassword(auth.password());
        }
        return c;
    }

    /**
     * Sorts a daemon push error by what to do about it: authentication problems are not retried, broken
     * connections, 5xx and 429 are, and so is a containerd-store registry error that is no client error (see
     * {@link #REGISTRY_CLIENT_ERROR}); anything else (a missing image, an invalid manifest) is permanent.
     */
    public static FailureKind classify(String message) {
        String m = message.toLowerCase(Locale.ROOT);
        if (m.contains("unauthorized") || m.contains("authentication required") || m.contains("denied")
                || m.contains("no basic auth credentials") || m.contains("insufficient_scope") || m.contains("forbidden")
                || m.contains("status: 401") || m.contains("status: 403")) {
            return FailureKind.AUTH;
        }
        if (m.contains("connection refused") || m.contains("connection reset") || m.contains("broken pipe")
                || m.matches("(?s).*\\beof\\b.*") || m.contains("i/o timeout") || m.contains("tls handshake timeout")
                || m.contains("timeout exceeded") || m.contains("request canceled") || m.contains("toomanyrequests")
                || m.contains("too many requests") || m.contains("status: 429") || SERVER_ERROR.matcher(m).find()
                || m.contains("service unavailable") || m.contains("bad gateway") || m.contains("server closed")
                || m.contains("use of closed network connection")) {
            return FailureKind.TRANSIENT;
        }
        if (m.contains("error from registry: ") && !REGISTRY_CLIENT_ERROR.matcher(m).find()) {
            return FailureKind.TRANSIENT;
        }
        return FailureKind.PERMANENT;
    }

    private static final class Callback extends ResultCallback.Adapter<PushResponseItem> {
        private final Listener listener;
        private volatile String failure;
        private volatile String retryingLayer;
        private volatile Throwable error;
        private volatile String digest;
        private volatile long size = -1;
        private volatile boolean completed;
        private final CountDownLatch done = new CountDownLatch(1);

        Callback(Listener listener) {
            this.listener = listener;
        }

        @Override
        public void onNext(PushResponseItem item) {
            if (item.isErrorIndicated()) {
                ResponseItem.ErrorDetail d = item.getErrorDetail();
                String m = d != null && d.getMessage() != null ? d.getMessage() : item.getError();
                if (failure == null) {
                    failure = m == null || m.isBlank() ? "the daemon reported a push error without a message" : m;
                }
                return;
            }
            ResponseItem.AuxDetail aux = item.getAux();
            if (aux != null && aux.getDigest() != null) {
                digest = aux.getDigest();
                size = aux.getSize() == null ? -1 : aux.getSize();
            }
            String status = item.getStatus();
            if (status == null) {
                return;
            }
            if (status.startsWith("Retrying in")) {
                retryingLayer = item.getId();
                closeQuietly();
                done.countDown();
                return;
            }
            Matcher m = STATUS_DIGEST.matcher(status);
            if (m.find() && digest == null) {
                digest = m.group(1);
            }
            if (item.getId() != null) {
                ResponseItem.ProgressDetail p = item.getProgressDetail();
                long current = p == null || p.getCurrent() == null ? -1 : p.getCurrent();
                long total = p == null || p.getTotal() == null ? -1 : p.getTotal();
                listener.layer(item.getId(), status, current, total);
            }
        }

        @Override
        public void onComplete() {
            completed = true;
            super.onComplete();
            done.countDown();
        }

        @Override
        public void onError(Throwable throwable) {
            // docker-java's stream thread interrupts itself when the callback closes (after onComplete, or our
            // cancel at "Retrying in"), and closing the response then fails: that is no push error.
            // Recorded, not logged: the template's onError would print a stack trace to stderr.
            if (error == null && retryingLayer == null && !completed) {
                error = throwable;
            }
            closeQuietly();
            done.countDown();
        }

        void closeQuietly() {
            try {
                close();
            } catch (java.io.IOException ignored) {
                // the stream is gone either way
            }
        }
    }
}
