package io.ppctl.docker;

import io.ppctl.core.PpctlException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongConsumer;

/**
 * {@code docker save}: streams an image's archive (manifest.json, config, layer tars) to a file, a chunk at a time,
 * so an image of any size never has to fit in memory. The caller owns the file (and registers its removal).
 */
public final class ImageExporter {
    private static final int CHUNK = 1 << 16;
    private static final long PROGRESS_EVERY = 64L << 20;
    private final DockerSession session;

    public ImageExporter(DockerSession session) {
        this.session = session;
    }

    /**
     * Writes the archive of {@code imageRef} (a name:tag or an image ID) to {@code target} and returns its size.
     * {@code progress} hears the bytes written so far every 64 MB (large images only). Ctrl-C stops between chunks.
     */
    public long save(String imageRef, Path target, LongConsumer progress) {
        long written = 0;
        long nextReport = PROGRESS_EVERY;
        try (InputStream in = session.client().saveImageCmd(imageRef).exec();
             OutputStream out = Files.newOutputStream(target)) {
            byte[] buf = new byte[CHUNK];
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (Thread.currentThread().isInterrupted()) {
                    throw PpctlException.interrupted();
                }
                out.write(buf, 0, n);
                written += n;
                if (written >= nextReport) {
                    progress.accept(written);
                    nextReport += PROGRESS_EVERY;
                }
            }
        } catch (IOException e) {
            if (DockerErrors.isInterrupt(e)) {
                throw PpctlException.interrupted();
            }
            throw PpctlException.environment("exporting image " + imageRef + " to " + target + " failed: "
                    + DockerErrors.rootMessage(e), "check the free space in the temporary folder (TMPDIR)", e);
        } catch (RuntimeException e) {
            throw DockerErrors.wrap("exporting image " + imageRef + " (docker save)", e);
        }
        if (written == 0) {
            throw PpctlException.environment("exporting image " + imageRef + " produced an empty archive", null, null);
        }
        return written;
    }
}
