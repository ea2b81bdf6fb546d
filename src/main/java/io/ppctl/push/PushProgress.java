package io.ppctl.push;

import io.ppctl.core.ByteSize;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The progress of one tag's push as the daemon reports it per layer: each layer's bytes sent of its size (or its
 * final state), the total and the rate, as lines for a terminal's progress board and one closing line for logs.
 */
final class PushProgress {
    private record Layer(String status, long sent, long size) {}

    private final String tag;
    private final long startNanos;
    private final Map<String, Layer> layers = new LinkedHashMap<>();

    PushProgress(String tag, long startNanos) {
        this.tag = tag;
        this.startNanos = startNanos;
    }

    /** Records one daemon progress item; {@code current}/{@code total} are -1 when the item has none. */
    void update(String layer, String status, long current, long total) {
        Layer was = layers.get(layer);
        long size = total > 0 ? total : was == null ? -1 : was.size();
        long sent = current >= 0 ? current : was == null ? 0 : was.sent();
        if (status.equals("Pushed") && size > 0) {
            sent = size;
        }
        layers.put(layer, new Layer(status, sent, size));
    }

    /** One line per layer, then the total with the rate so far. */
    List<String> lines(long nowNanos) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Layer> e : layers.entrySet()) {
            Layer l = e.getValue();
            String bytes = l.status().equals("Pushing") || l.status().equals("Pushed") && l.size() > 0
                    ? ByteSize.format(l.sent()) + " / " + (l.size() > 0 ? ByteSize.format(l.size()) : "?") : "";
            out.add(String.format(Locale.ROOT, "  %-12s  %-22s %s", e.getKey(), l.status(), bytes).stripTrailing());
        }
        out.add("  " + total(nowNanos));
        return out;
    }

    /** "v1.0.0: 2 of 3 layers done, 12.0 MB / 30.0 MB sent, 4.0 MB/s". */
    String total(long nowNanos) {
        long sent = 0;
        long size = 0;
        int done = 0;
        for (Layer l : layers.values()) {
            sent += l.sent();
            size += Math.max(0, l.size());
            if (!l.status().equals("Pushing") && !l.status().equals("Preparing") && !l.status().equals("Waiting")) {
                done++;
            }
        }
        double seconds = Math.max(0.001, (nowNanos - startNanos) / 1e9);
        return tag + ": " + done + " of " + layers.size() + " layers done, " + ByteSize.format(sent)
                + (size > 0 ? " / " + ByteSize.format(size) : "") + " sent, " + ByteSize.format((long) (sent / seconds)) + "/s";
    }
}
