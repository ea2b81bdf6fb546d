package io.ppctl.scan;

import io.ppctl.core.PpctlException;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Trivy's cache folder ({@code --cache-dir}): the vulnerability database lives in {@code db/trivy.db} (bbolt) with
 * {@code db/metadata.json} beside it. With {@code --skip-db-update} Trivy refuses to start without both ("--skip-db-update
 * cannot be specified on the first run"), after ppctl would already have exported the image; so ppctl checks first.
 */
final class TrivyCache {
    static final String HINT = "run one scan with access to the database (or scan.dbRepository), or copy db/trivy.db and "
            + "db/metadata.json from a machine that has them into scan.cacheDir";

    private TrivyCache() {}

    static Path database(Path cacheDir) {
        return cacheDir.resolve("db").resolve("trivy.db");
    }

    static Path metadata(Path cacheDir) {
        return cacheDir.resolve("db").resolve("metadata.json");
    }

    /** With skipDbUpdate, the database must already be in scan.cacheDir (exit 3 otherwise). */
    static void requireDatabase(ScanSettings s) {
        if (!s.skipDbUpdate()) {
            return;
        }
        Path db = database(s.cacheDir());
        Path meta = metadata(s.cacheDir());
        if (!Files.isRegularFile(db) || !Files.isRegularFile(meta)) {
            throw PpctlException.environment("--skip-db-update: the Trivy cache " + s.cacheDir()
                    + " has no vulnerability database (" + (Files.isRegularFile(db) ? meta : db) + " is missing)",
                    HINT, null);
        }
    }
}
