package io.ppctl.build;

import io.ppctl.pipeline.StepContext;
import io.ppctl.policies.PolicyLabels;

import java.util.List;
import java.util.Map;

/**
 * Adds labels to the image `ppctl build` makes, next to the OCI labels and io.ppctl.tools (for example the commit
 * of each policy repo). Called once per build, before the daemon is asked for anything.
 */
@FunctionalInterface
public interface LabelContributor {
    Map<String, String> labels(StepContext ctx);

    /** The contributors every build uses (`ppctl build` and `ppctl release`); add new ones here. */
    static List<LabelContributor> defaults() {
        // io.ppctl.policy.<name>.commit/.ref/.source: any pushed image answers "which policy versions are inside".
        return List.of(ctx -> PolicyLabels.labels(ctx.project()));
    }
}
