package org.korrekt.scoring.cli;

import org.korrekt.features.KorrektVersion;
import picocli.CommandLine.IVersionProvider;

/** Reports the version from the jar manifest; every subcommand inherits it from {@link ScoringCli}. */
final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] {KorrektVersion.line("scoring")};
    }
}
