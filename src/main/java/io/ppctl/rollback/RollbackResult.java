package io.ppctl.rollback;

import java.util.List;

/** What `ppctl rollback` changed (the JSON of --output json). */
public record RollbackResult(String version, boolean dryRun, List<MovedTag> tags) {

    /**
     * One moving tag in one registry. {@code previous} is the digest it pointed at before (null when it did not
     * exist); {@code changed} is false when it already pointed at the version, or in a dry run.
     */
    public record MovedTag(String registry, String reference, String digest, String previous, boolean changed) {
        public String pinned() {
            return reference + "@" + digest;
        }
    }
}
