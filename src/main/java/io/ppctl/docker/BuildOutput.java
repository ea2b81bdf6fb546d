package io.ppctl.docker;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the classic builder's "stream" text, which arrives in arbitrary chunks ("Step 2/9 : ARG X" and its line
 * break come separately; RUN output in pieces, stderr wrapped in colour codes), as whole lines and says what each
 * one is; Podman's builder (buildah) words its steps and bookkeeping differently. Pure, so it is tested on recorded
 * daemon output.
 */
final class BuildOutput {
    sealed interface Line {}

    /** "Step 4/9 : RUN make" */
    record Step(int number, int total, String instruction) implements Line {}

    /** " ---> Running in 3f2a9c1b0d4e": the intermediate container of the current step. */
    record ContainerStarted(String id) implements Line {}

    /** "Removing intermediate container 3f2a9c1b0d4e" */
    record ContainerRemoved(String id) implements Line {}

    /** "Successfully built 3f2a9c1b0d4e" */
    record Built(String shortId) implements Line {}

    /** Other bookkeeping: " ---> 3f2a9c1b0d4e", "Successfully tagged ...". */
    record Detail(String text) implements Line {}

    /** Anything the step itself printed. */
    record Output(String text) implements Line {}

    private static final Pattern ANSI = Pattern.compile("\u001b\\[[0-9;]*[A-Za-z]");
    private static final Pattern STEP = Pattern.compile("Step (\\d+)/(\\d+) : (.*)");
    // Podman (buildah): "STEP 2/5: RUN make", in a multi-stage build "[2/3] STEP 1/4: FROM base"; steps count per stage.
    private static final Pattern BUILDAH_STEP = Pattern.compile("(?:\\[\\d+/\\d+\\] )?STEP (\\d+)/(\\d+): (.*)");
    // buildah's bookkeeping: "--> 5eb625281ee", "--> Using cache <id>", "COMMIT name", and the ID alone at the end.
    private static final Pattern BUILDAH_DETAIL = Pattern.compile("(?:\\[\\d+/\\d+\\] )?(?:--> [0-9a-f]{11,64}|COMMIT( .*)?)|[0-9a-f]{64}");
    private static final Pattern RUNNING = Pattern.compile(" ---> Running in ([0-9a-f]+)");
    // Docker 20.10: "Removing intermediate container ID"; Docker 29's classic builder: " ---> Removed intermediate container ID".
    private static final Pattern REMOVING = Pattern.compile("(?: ---> )?Remov(?:ing|ed) intermediate container ([0-9a-f]+)");
    private static final Pattern BUILT = Pattern.compile("Successfully built ([0-9a-f]+)");
    private static final Pattern LAYER = Pattern.compile(" ---> [0-9a-f]{12}|Successfully tagged .*");

    private final StringBuilder partial = new StringBuilder();

    /** The complete lines that {@code chunk} finishes; an unfinished last line waits for the next chunk. */
    List<Line> feed(String chunk) {
        List<Line> out = new ArrayList<>();
        partial.append(chunk);
        int nl;
        while ((nl = partial.indexOf("\n")) >= 0) {
            String raw = partial.substring(0, nl);
            partial.delete(0, nl + 1);
            classify(raw).ifPresent(out::add);
        }
        return out;
    }

    /** Whatever is left when the stream ends. */
    List<Line> flush() {
        List<Line> out = new ArrayList<>();
        if (partial.length() > 0) {
            classify(partial.toString()).ifPresent(out::add);
            partial.setLength(0);
        }
        return out;
    }

    static java.util.Optional<Line> classify(String raw) {
        String line = ANSI.matcher(raw).replaceAll("").replace("\r", "");
        if (line.isBlank()) {
            return java.util.Optional.empty();
        }
        Matcher m = STEP.matcher(line);
        if (m.matches()) {
            return java.util.Optional.of(new Step(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), m.group(3).strip()));
        }
        if ((m = BUILDAH_STEP.matcher(line)).matches()) {
            return java.util.Optional.of(new Step(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), m.group(3).strip()));
        }
        if (BUILDAH_DETAIL.matcher(line).matches()) {
            return java.util.Optional.of(new Detail(line.strip()));
        }
        if ((m = RUNNING.matcher(line)).matches()) {
            return java.util.Optional.of(new ContainerStarted(m.group(1)));
        }
        if ((m = REMOVING.matcher(line)).matches()) {
            return java.util.Optional.of(new ContainerRemoved(m.group(1)));
        }
        if ((m = BUILT.matcher(line)).matches()) {
            return java.util.Optional.of(new Built(m.group(1)));
        }
        if (LAYER.matcher(line).matches()) {
            return java.util.Optional.of(new Detail(line.strip()));
        }
        // " ---> Using cache" and the like are the builder's, not the step's: no leading space to keep.
        return java.util.Optional.of(new Output(line.startsWith(" ---> ") ? line.strip() : line.stripTrailing()));
    }
}
