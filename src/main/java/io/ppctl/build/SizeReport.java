package io.ppctl.build;

import io.ppctl.core.ByteSize;
import io.ppctl.docker.LocalImages;
import io.ppctl.project.LocalReleases;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * How big a built image is, next to the previous release when one is available locally, against the size
 * budget; and, when it is over, which layers (and the Dockerfile instructions that made them) weigh the most.
 * Sizes are decimal like `docker images` (142.1 MB).
 */
public record SizeReport(long size, Comparison previous, Long budget, List<LocalImages.Layer> largestLayers) {
    public static final int LARGEST = 3;

    /** The previous release's size and the difference (negative: the new image is smaller). */
    public record Comparison(String version, String reference, long size, long delta) {
        public String text() {
            return delta == 0 ? "same as " + version : (delta > 0 ? "+" : "") + ByteSize.format(delta) + " vs " + version;
        }
    }

    public static SizeReport of(long size, List<LocalImages.Layer> history, Optional<LocalReleases.LocalRelease> previous, Long budget) {
        List<LocalImages.Layer> largest = history.stream().filter(l -> l.size() > 0)
                .sorted(Comparator.comparingLong(LocalImages.Layer::size).reversed()).limit(LARGEST).toList();
        Comparison c = previous.map(p -> new Comparison(p.version().toString(), p.reference(), p.size(), size - p.size())).orElse(null);
        return new SizeReport(size, c, budget, largest);
    }

    /** 142.1 MB (-3.2 MB vs v1.0.2) */
    public String sizeText() {
        return ByteSize.format(size) + (previous == null ? "" : " (" + previous.text() + ")");
    }

    public boolean overBudget() {
        return budget != null && size > budget;
    }

    /** The message of a build that is over its budget: by how much, and the largest layers with their instructions. */
    public String budgetFailure(String image, String budgetSource) {
        StringBuilder sb = new StringBuilder("image ").append(image).append(" is ").append(sizeText()).append(", ")
                .append(ByteSize.format(size - budget)).append(" over the size budget of ").append(ByteSize.format(budget))
                .append(" (").append(budgetSource).append(")");
        if (!largestLayers.isEmpty()) {
            sb.append("; its largest layers:");
            for (LocalImages.Layer l : largestLayers) {
                sb.append(System.lineSeparator()).append(String.format("    %10s  %s", ByteSize.format(l.size()), shorten(l.instruction())));
            }
        }
        return sb.toString();
    }

    private static String shorten(String instruction) {
        return instruction.length() > 140 ? instruction.substring(0, 137) + "..." : instruction;
    }
}
