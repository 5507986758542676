package dev.synscope.cli;

import picocli.CommandLine;

/** Reports the version Maven wrote into the jar's manifest. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = SynScope.class.getPackage().getImplementationVersion();
        return new String[] {"synscope " + (version == null ? "(development build)" : version)};
    }
}
