package io.ppctl.consumers;

import java.util.List;
import java.util.Map;

/** The commit message of a consumer's update: old and new version, the files, and the changes in between. */
final class CommitMessage {
    static final int MAX_CHANGES = 50;

    private CommitMessage() {}

    /**
     * @param from        the versions the consumer was on, oldest first (empty when only digests moved)
     * @param files       changed file to number of references changed, in order
     * @param changes     the project's commit subjects since the oldest of {@code from}, newest first
     * @param changesKnown whether git could tell them (a missing tag cannot)
     */
    static String of(String image, List<String> from, String target, Map<String, Integer> files, List<String> changes,
                     boolean changesKnown) {
        StringBuilder m = new StringBuilder();
        if (from.isEmpty()) {
            m.append("Pin ").append(image).append(' ').append(target).append(" to its released digest\n");
        } else {
            m.append("Update ").append(image).append(" from ").append(String.join(", ", from)).append(" to ").append(target).append('\n');
        }
        m.append("\nppctl consumers update changed the references to ").append(image).append(" in:\n");
        files.forEach((file, n) -> m.append("- ").append(file).append(" (").append(n).append(n == 1 ? " reference)\n" : " references)\n"));
        if (!from.isEmpty()) {
            String since = from.get(0);
            m.append("\nChanges in ").append(image).append(" from ").append(since).append(" to ").append(target).append(":\n");
            if (!changesKnown) {
                m.append("- (not known here: git has no tag for ").append(since).append(" or ").append(target).append(")\n");
            } else if (changes.isEmpty()) {
                m.append("- (no commits)\n");
            } else {
                changes.stream().limit(MAX_CHANGES).forEach(c -> m.append("- ").append(c).append('\n'));
                if (changes.size() > MAX_CHANGES) {
                    m.append("- ... and ").append(changes.size() - MAX_CHANGES).append(" more\n");
                }
            }
        }
        return m.toString();
    }
}
