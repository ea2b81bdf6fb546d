package io.ppctl.build;

import io.ppctl.core.PpctlVersion;
import io.ppctl.docker.DockerSession;
import io.ppctl.docker.ImageDetails;
import io.ppctl.policies.LockFile;
import io.ppctl.policies.PolicyLock;
import io.ppctl.project.Project;
import io.ppctl.registry.Manifest;
import io.ppctl.supplychain.BuildFacts;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Records what an image was built from (see {@link BuildFacts}) for the provenance a push attests. */
final class BuildFactsRecorder {
    private BuildFactsRecorder() {}

    static void record(Project project, BuildPlan plan, String imageId, DockerSession docker, Instant started) {
        List<BuildFacts.BaseImage> bases = new ArrayList<>();
        for (String ref : DockerfileImages.of(plan.dockerfileText(), plan.buildArgs()).images()) {
            bases.add(new BuildFacts.BaseImage(ref, docker.inspectImage(ref).map(ImageDetails::id).orElse(null)));
        }
        PolicyLock lock;
        try {
            lock = LockFile.read(LockFile.of(project.dir())).orElse(PolicyLock.EMPTY);
        } catch (RuntimeException unreadable) {
            lock = PolicyLock.EMPTY; // the build's own policy check reports it
        }
        List<BuildFacts.PolicyRepo> repos = lock.repos().stream().map(e -> new BuildFacts.PolicyRepo(e.name(), e.url(),
                e.ref(), e.commit(), e.path(), e.digest())).toList();
        String dockerfile = plan.contextDir().toAbsolutePath().normalize()
                .relativize(plan.dockerfile().toAbsolutePath().normalize()).toString().replace('\\', '/');
        new BuildFacts(imageId, PpctlVersion.get(), started, Instant.now(), dockerfile,
                Manifest.sha256(plan.dockerfileText().getBytes(StandardCharsets.UTF_8)).substring(7),
                plan.target(), List.copyOf(plan.buildArgs().keySet()), plan.labels(),
                DockerfileArgs.toolVersions(DockerfileArgs.declared(plan.dockerfileText()), plan.buildArgs()),
                plan.git().commit(), plan.git().remoteUrl(), plan.git().dirty(), List.copyOf(bases), repos,
                plan.noCache(), plan.pull()).save(project);
    }
}
