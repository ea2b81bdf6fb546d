package io.ppctl.cli;

import picocli.CommandLine.IVersionProvider;

/** ppctl's own version (not the project's VERSION), from the jar manifest. */
public final class PpctlVersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {io.ppctl.core.PpctlVersion.describe(),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
    }
}
