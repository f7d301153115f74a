package dev.paperspipeline.cli;

import dev.paperspipeline.ingest.IngestConfig;

/** {@code papers ingest --help}: the settings of {@link IngestConfig#CONFIG_DEF}. */
public final class IngestSettingsHelp extends SettingsHelp {
  public IngestSettingsHelp() {
    super(IngestConfig.CONFIG_DEF);
  }
}
