package io.ppctl.rules;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The release vocabulary: the steps of `ppctl release` in their order, each with the word that names it everywhere
 * (its command, its --skip value, its name in events, reports and gate records), what it does, and whether it is a
 * gate (push requires its pass, {@link GateRecord}). Adding a step is a constant here, a class implementing
 * {@link RuledStep} and a line in the release recipe.
 */
public enum ReleaseStep {
    BUILD("build", "build the image from the Dockerfile", false),
    TAG("tag", "give the image its release tags", false),
    SMOKE_TEST("smoke-test", "run the smoke checks inside the image", true),
    INTEGRATION_TEST("integration-test", "render charts and apply the policies inside the image", true),
    SCAN("scan", "scan the image for vulnerabilities with Trivy", true),
    PUSH("push", "push the release tags to the registries", false);

    private final String word;
    private final String description;
    private final boolean gate;

    ReleaseStep(String word, String description, boolean gate) {
        this.word = word;
        this.description = description;
        this.gate = gate;
    }

    public String word() {
        return word;
    }

    public String description() {
        return description;
    }

    public boolean gate() {
        return gate;
    }

    /** The words of every step, in release order. */
    public static List<String> words() {
        return Arrays.stream(values()).map(ReleaseStep::word).toList();
    }

    /** The step {@code word} names (exactly, as written in gate records and reports). */
    public static Optional<ReleaseStep> of(String word) {
        return Arrays.stream(values()).filter(s -> s.word.equals(word)).findFirst();
    }

    /** The word, so that a step in a message or a joined list reads as the user types it. */
    @Override
    public String toString() {
        return word;
    }
}
