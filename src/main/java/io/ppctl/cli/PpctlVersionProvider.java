package io.ppctl.cli;

import io.ppctl.core.PpctlVersion;
import picocli.CommandLine.IVersionProvider;

/** ppctl's own version (not the project's VERSION), from the jar manifest. */
public final class PpctlVersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {PpctlVersion.describe(),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
    }
}
