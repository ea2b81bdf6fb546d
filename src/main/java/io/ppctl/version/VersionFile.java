package io.ppctl.version;

import io.ppctl.core.AtomicFile;
import io.ppctl.core.InputFiles;
import io.ppctl.core.PpctlException;
import io.ppctl.core.Quote;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** The VERSION file: one semantic version on one line. Writes are atomic, so a crash never leaves it half-written. */
public final class VersionFile {
    private final Path path;

    public VersionFile(Path path) {
        this.path = path;
    }

    public Path path() {
        return path;
    }

    /** Reads and validates; every problem is a usage error (exit 2) naming the file. */
    public Version read() {
        String text;
        try {
            text = InputFiles.readText(path, InputFiles.TEXT_LIMIT);
        } catch (InputFiles.Refused e) {
            throw PpctlException.usage(path + ": version file " + e.getMessage());
        } catch (NoSuchFileException e) {
            throw PpctlException.usage(path + ": version file not found (create it with one line such as v1.0.0)");
        } catch (AccessDeniedException e) {
            throw PpctlException.usage(path + ": version file is not readable (permission denied)");
        } catch (MalformedInputException e) {
            throw PpctlException.usage(path + ": version file is not UTF-8 text");
        } catch (IOException e) {
            throw PpctlException.usage(path + ": cannot read version file: " + e.getMessage());
        }
        List<String> lines = text.lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
        if (lines.isEmpty()) {
            throw PpctlException.usage(path + ": version file is empty (write one line such as v1.0.0)");
        }
        if (lines.size() > 1) {
            throw PpctlException.usage(path + ": version file must hold exactly one line, found " + lines.size()
                    + " (the first: " + Quote.of(lines.get(0)) + ")");
        }
        return Version.parse(lines.get(0))
                .orElseThrow(() -> PpctlException.usage(path + ": " + Version.explainInvalid(lines.get(0))));
    }

    /** Replaces the file's content atomically (temporary file in the same folder, then rename), keeping its mode. */
    public void write(Version version) {
        try {
            AtomicFile.write(path, version + "\n");
        } catch (PpctlException e) {
            // The project folder refused the write (read-only, full, immutable): the environment, not the input.
            String why = e.getCause() == null ? e.getMessage() : e.getCause().getMessage();
            throw PpctlException.environment(path + ": cannot write version file: " + why, null, e);
        }
    }
}
