package dev.flags.cli.internal;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar's manifest (unknown when run from classes). */
final class Version implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = FlagsCommand.class.getPackage().getImplementationVersion();
        return new String[] {"flags " + (version == null ? "(development build)" : version)};
    }
}
