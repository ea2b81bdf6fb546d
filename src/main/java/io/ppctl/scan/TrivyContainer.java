package io.ppctl.scan;

import io.ppctl.core.Cleanup;
import io.ppctl.docker.ContainerSpec;
import io.ppctl.docker.DockerSession;
import io.ppctl.docker.ExecResult;
import io.ppctl.docker.Labels;
import io.ppctl.docker.RunningContainer;
import io.ppctl.event.EventBus;

import java.util.List;

/**
 * Trivy in the scanner image. The container gets exactly three mounts: the image archive (read-only), its report
 * folder and the database cache. Never the Docker socket: a third-party container that can reach the daemon
 * owns the machine. Trivy reads the archive with --input, so it needs no daemon at all.
 */
final class TrivyContainer implements Scanner {
    static final String PURPOSE = "scan";
    static final String IN = "/in";
    static final String OUT = "/out";
    static final String CACHE = "/cache";
    private final DockerSession docker;
    private final String image;

    TrivyContainer(DockerSession docker, String image) {
        this.docker = docker;
        this.image = image;
    }

    @Override
    public String kind() {
        return "image";
    }

    @Override
    public String location() {
        return image;
    }

    private void removeLeftovers() {
        List<String> thisRun = docker.containersWithLabel(Labels.SESSION, Labels.sessionId());
        for (String id : docker.containersWithLabel(Labels.PURPOSE, PURPOSE)) {
            if (thisRun.contains(id)) {
                docker.removeContainer(id);
            }
        }
    }

    @Override
    public String scan(ScanWorkspace ws, ScanSettings s, EventBus events, String step) {
        run(TrivyCommand.args(IN + "/" + ws.imageTar().getFileName(), OUT + "/" + ws.report().getFileName(), CACHE, s),
                ws, s, events);
        return ws.readReport(who());
    }

    @Override
    public void convert(ScanWorkspace ws, ScanSettings s, String format, String outputName, EventBus events) {
        run(TrivyCommand.convertArgs(format, OUT + "/" + outputName, OUT + "/" + ws.report().getFileName()), ws, s, events);
    }

    private void run(List<String> args, ScanWorkspace ws, ScanSettings s, EventBus events) {
        String who = who();
        CacheFolder.prepare(s.cacheDir(), s.home());
        // The official image's entrypoint is trivy; naming it keeps mirrors without an entrypoint working too.
        ContainerSpec spec = ContainerSpec.of(image, PURPOSE).withEntrypoint(List.of("trivy")).withCommand(args)
                .withBind(ws.inDir(), IN, true).withBind(ws.outDir(), OUT, false).withBind(s.cacheDir(), CACHE, false);
        events.debug("running trivy " + String.join(" ", args) + " in " + image);
        // Ctrl-C while the daemon creates the container can lose its ID on the way back; this sweep (labels of this
        // run and purpose) removes such a container too.
        ExecResult r;
        try (Cleanup.Handle ignored = Cleanup.global().register("scanner containers of this run", this::removeLeftovers);
             RunningContainer c = docker.containers().start(spec)) {
            r = c.awaitExit(ScannerFailure.bound(s.timeout()));
        }
        r.stderr().lines().forEach(l -> events.debug("trivy: " + l));
        if (r.timedOut()) {
            throw ScannerFailure.timedOut(who, s.timeout());
        }
        if (r.exitCode() != 0) {
            throw ScannerFailure.exited(who, r.exitCode(), r.stderr().isBlank() ? r.stdout() : r.stderr());
        }
    }
}
