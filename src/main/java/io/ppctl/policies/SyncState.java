package io.ppctl.policies;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ppctl.core.AtomicFile;
import io.ppctl.core.JsonMappers;
import io.ppctl.core.InputFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The digest ppctl last wrote into each policies/&lt;name&gt; on this machine (target/ppctl/policies-synced.json).
 * A folder that still holds exactly that is merely outdated when the lock moves on (after a git pull, say) and is
 * replaced without --force; anything else in it counts as a local edit.
 */
final class SyncState {
    private static final ObjectMapper JSON = JsonMappers.files().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private final Path file;
    private final Map<String, String> written;
    private final Map<String, String> loaded;

    private SyncState(Path file, Map<String, String> written) {
        this.file = file;
        this.written = written;
        this.loaded = Map.copyOf(written);
    }

    static SyncState read(Path stateDir) {
        Path file = stateDir.resolve("policies-synced.json");
        try {
            return new SyncState(file, new TreeMap<>(JSON.readValue(InputFiles.readText(file,
                    InputFiles.TEXT_LIMIT), new TypeReference<Map<String, String>>() {})));
        } catch (IOException | RuntimeException e) {
            // A damaged, oversized or special record only costs a --force; it must never stop a sync.
        }
        return new SyncState(file, new TreeMap<>());
    }

    Optional<String> lastWritten(String name) {
        return Optional.ofNullable(written.get(name));
    }

    void wrote(String name, String digest) {
        written.put(name, digest);
    }

    void removed(String name) {
        written.remove(name);
    }

    /** Writes the record when it changed (a command that changed nothing writes nothing). */
    void save() {
        if (written.equals(loaded)) {
            return;
        }
        try {
            AtomicFile.write(file, JSON.writeValueAsString(written) + "\n");
        } catch (IOException | RuntimeException e) {
            // Only a convenience (see the class comment): the sync itself succeeded.
        }
    }
}
