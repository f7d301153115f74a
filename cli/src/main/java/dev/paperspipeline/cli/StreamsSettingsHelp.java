package dev.paperspipeline.cli;

import dev.paperspipeline.streams.PipelineConfig;

/** {@code papers streams --help}: the settings of {@link PipelineConfig#CONFIG_DEF}. */
public final class StreamsSettingsHelp extends SettingsHelp {
  public StreamsSettingsHelp() {
    super(PipelineConfig.CONFIG_DEF);
  }
}
