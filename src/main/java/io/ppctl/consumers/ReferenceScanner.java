package io.ppctl.consumers;

import io.ppctl.version.DockerReference;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finds the references to the released image in a file's text, without parsing the file: the same scan serves a
 * GitHub Actions workflow, a Bitbucket pipeline, Helm values, a Kubernetes manifest and a Dockerfile, and leaves
 * every other byte alone. A name counts only as a whole reference name: {@code ghcr.io/acme/policy-platform-dev}
 * or {@code mirror.io/ghcr.io/acme/policy-platform} are other images.
 */
public final class ReferenceScanner {
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    /** Each written form and the configured repository it stands for. */
    private record Name(String written, String repository) {}

    private final List<Name> names;

    /** @param repositories the configured registry repositories (registries[].repository) */
    public ReferenceScanner(List<String> repositories) {
        Set<Name> all = new LinkedHashSet<>();
        for (String r : repositories) {
            all.add(new Name(r, r));
            if (DockerReference.registryHost(r).equals(DockerReference.DOCKER_HUB)) {
                String path = DockerReference.repositoryPath(r);
                all.add(new Name("docker.io/" + path, r));
                all.add(new Name("index.docker.io/" + path, r));
                if (!r.startsWith("docker.io/")) {
                    all.add(new Name("docker.io/" + r, r));
                }
            }
        }
        // Longest first, so that at one position the most specific written form wins.
        this.names = all.stream().sorted(Comparator.comparingInt((Name n) -> n.written().length()).reversed()).toList();
    }

    /** Every reference in {@code text}, in order. A bare name without tag or digest is not one (it means latest). */
    public List<ImageReference> scan(String text) {
        List<ImageReference> out = new ArrayList<>();
        int[] lineStarts = lineStarts(text);
        for (Name n : names) {
            for (int at = text.indexOf(n.written()); at >= 0; at = text.indexOf(n.written(), at + 1)) {
                int s = at;
                if (!startsName(text, at) || out.stream().anyMatch(r -> r.start() <= s && s < r.end())) {
                    continue;
                }
                ImageReference ref = readFrom(text, at, n, lineStarts);
                if (ref != null) {
                    out.add(ref);
                }
            }
        }
        out.sort(Comparator.comparingInt(ImageReference::start));
        return List.copyOf(out);
    }

    private static ImageReference readFrom(String text, int at, Name n, int[] lineStarts) {
        int i = at + n.written().length();
        if (i < text.length() && nameChar(text.charAt(i))) {
            return null; // a longer name: policy-platform-dev, policy-platform/sub
        }
        String tag = null;
        if (i < text.length() && text.charAt(i) == ':') {
            int j = i + 1;
            while (j < text.length() && tagChar(text.charAt(j))) {
                j++;
            }
            while (j > i + 1 && (text.charAt(j - 1) == '.' || text.charAt(j - 1) == '-')) {
                j--; // a full stop after a reference in a comment is not part of the tag
            }
            String candidate = text.substring(i + 1, j);
            if (TAG.matcher(candidate).matches()) {
                tag = candidate;
                i = j;
            }
        }
        String digest = null;
        if (i < text.length() && text.charAt(i) == '@' && text.startsWith("sha256:", i + 1)) {
            int h = i + 1 + "sha256:".length();
            if (h + 64 <= text.length() && HEX64.matcher(text.substring(h, h + 64)).matches()
                    && (h + 64 == text.length() || !Character.isLetterOrDigit(text.charAt(h + 64)))) {
                digest = text.substring(i + 1, h + 64);
                i = h + 64;
            }
        }
        if (tag == null && digest == null) {
            return null;
        }
        return new ImageReference(at, i, lineOf(lineStarts, at), n.repository(), n.written(), tag, digest);
    }

    /** Not preceded by a name character, nor by a path of another name (x/ghcr.io/...); docker:// is fine. */
    private static boolean startsName(String text, int at) {
        if (at == 0) {
            return true;
        }
        char before = text.charAt(at - 1);
        if (before == '/') {
            return at >= 3 && text.startsWith("://", at - 3);
        }
        return !nameChar(before);
    }

    private static boolean nameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-' || c == '/';
    }

    private static boolean tagChar(char c) {
        return (c < 128 && Character.isLetterOrDigit(c)) || c == '.' || c == '_' || c == '-';
    }

    private static int[] lineStarts(String text) {
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                starts.add(i + 1);
            }
        }
        return starts.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int lineOf(int[] starts, int offset) {
        int lo = 0;
        int hi = starts.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (starts[mid] <= offset) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo + 1;
    }
}
