package io.ppctl.policies;

import io.ppctl.testing.TestProject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Empties a test's repo cache, as on a machine that never fetched these repos. */
final class TestCache {
    private TestCache() {}

    static void clear(Path cache) {
        TestProject.deleteTree(cache);
        try {
            Files.createDirectories(cache);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
