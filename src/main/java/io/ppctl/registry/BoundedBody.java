package io.ppctl.registry;

import io.ppctl.core.InputFiles;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body read into memory up to a bound: a registry or proxy that sends more (a 2 GiB error page, an
 * endless token) costs at most the bound, then the connection is dropped and the exchange fails with
 * {@link TooLarge}. A Content-Length above the bound fails before a byte of the body is read.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
    /** A manifest may be as large as distribution accepts (4 MiB); nothing else ppctl reads comes near 1 MiB. */
    static final int MANIFEST_LIMIT = 4 << 20;
    static final int LIMIT = 1 << 20;

    /** The body was larger than the bound. */
    static final class TooLarge extends IOException {
        final long limit;

        TooLarge(long limit) {
            super("the response body is larger than " + InputFiles.binary(limit));
            this.limit = limit;
        }
    }

    private final int limit;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private Flow.Subscription subscription;

    private BoundedBody(int limit) {
        this.limit = limit;
    }

    static HttpResponse.BodyHandler<byte[]> handler(int limit) {
        return info -> {
            BoundedBody body = new BoundedBody(limit);
            long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (declared > limit) {
                body.result.completeExceptionally(new TooLarge(limit));
            }
            return body;
        };
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (result.isDone()) {
            s.cancel();
        } else {
            s.request(Long.MAX_VALUE);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer b : items) {
            if ((long) buffer.size() + b.remaining() > limit) {
                subscription.cancel();
                result.completeExceptionally(new TooLarge(limit));
                return;
            }
            byte[] chunk = new byte[b.remaining()];
            b.get(chunk);
            buffer.write(chunk, 0, chunk.length);
        }
    }

    @Override
    public void onError(Throwable t) {
        result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        result.complete(buffer.toByteArray());
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }
}
