package io.ppctl.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Collects a container's or exec's stdout and stderr frames separately, up to a bound. */
final class OutputCollector extends ResultCallback.Adapter<Frame> {
    static final int LIMIT = 4 * 1024 * 1024;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private volatile boolean truncated;

    @Override
    public void onNext(Frame frame) {
        ByteArrayOutputStream target = frame.getStreamType() == StreamType.STDERR ? err : out;
        synchronized (target) {
            byte[] payload = frame.getPayload();
            int room = LIMIT - target.size();
            if (room <= 0) {
                truncated = true;
                return;
            }
            int n = Math.min(room, payload.length);
            target.write(payload, 0, n);
            if (n < payload.length) {
                truncated = true;
            }
        }
    }

    String stdout() {
        synchronized (out) {
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    String stderr() {
        synchronized (err) {
            return err.toString(StandardCharsets.UTF_8);
        }
    }

    boolean truncated() {
        return truncated;
    }
}
