package io.ppctl.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.PullResponseItem;
import io.ppctl.core.PpctlException;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code docker pull} with a time limit. The daemon reports registry errors (unknown manifest, unauthorized) as
 * items of its progress stream rather than as HTTP errors, so the stream is checked, not just the call.
 * Pulls anonymously: an image behind credentials must be pulled beforehand with {@code docker login} + {@code docker pull}.
 */
public final class ImagePuller {
    private final DockerSession session;

    public ImagePuller(DockerSession session) {
        this.session = session;
    }

    /** Pulls {@code ref} (name:tag or name@digest); {@code status} hears the daemon's status lines. */
    public void pull(String ref, Duration timeout, Consumer<String> status) {
        String[] repoAndTag = split(ref);
        Collector collector = new Collector(status);
        try {
            session.client().pullImageCmd(repoAndTag[0]).withTag(repoAndTag[1]).exec(collector);
            if (!collector.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                closeQuietly(collector);
                throw PpctlException.environment("pulling " + ref + " did not finish within " + timeout.toSeconds() + " s",
                        null, null);
            }
        } catch (InterruptedException e) {
            closeQuietly(collector);
            Thread.currentThread().interrupt();
            throw PpctlException.interrupted();
        } catch (RuntimeException e) {
            throw DockerErrors.wrap("pulling " + ref, e);
        }
        if (collector.failure != null) {
            throw DockerErrors.wrap("pulling " + ref, collector.failure);
        }
        if (collector.error != null) {
            throw PpctlException.environment("pulling " + ref + ": " + collector.error, null, null);
        }
    }

    /** name:tag -> [name, tag]; name@sha256:... -> [name, sha256:...] (the API takes a digest as the tag); no tag -> latest. */
    static String[] split(String ref) {
        int at = ref.indexOf('@');
        if (at > 0) {
            return new String[] {ref.substring(0, at), ref.substring(at + 1)};
        }
        int colon = ref.lastIndexOf(':');
        if (colon > ref.lastIndexOf('/')) {
            return new String[] {ref.substring(0, colon), ref.substring(colon + 1)};
        }
        return new String[] {ref, "latest"};
    }

    private static void closeQuietly(Collector c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // the stream is being abandoned anyway
        }
    }

    private static final class Collector extends ResultCallback.Adapter<PullResponseItem> {
        private final Consumer<String> status;
        private volatile String error;
        private volatile Throwable failure;

        Collector(Consumer<String> status) {
            this.status = status;
        }

        /** Keeps the failure for {@link #pull} to report; the default would also log it with a stack trace. */
        @Override
        public void onError(Throwable throwable) {
            if (failure == null) {
                failure = throwable;
            }
            try {
                close();
            } catch (IOException ignored) {
                // closing releases the waiter either way
            }
        }

        @Override
        public void onNext(PullResponseItem item) {
            if (item.isErrorIndicated()) {
                error = item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null
                        ? item.getErrorDetail().getMessage() : item.getError();
            } else if (item.getStatus() != null && !item.getStatus().startsWith("Downloading")
                    && !item.getStatus().startsWith("Extracting")) {
                // Per-chunk progress lines would flood a CI log; layer state changes and the digest are kept.
                status.accept((item.getId() == null ? "" : item.getId() + ": ") + item.getStatus());
            }
        }
    }
}
