package io.gatehouse.app;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What {@code config diff} and {@code config sync} compare: a file, a running node, an optional tag scope. */
final class NodeDiffOptions {
  @Mixin CommonOptions common = new CommonOptions();

  @Parameters(paramLabel = "FILE")
  Path file;

  @Option(names = "--admin-url", paramLabel = "URL", description = "Admin API base URL (default: from admin_listen).")
  @Nullable String adminUrl;

  @Option(names = "--select-tag", paramLabel = "TAG", description = "Only entities carrying TAG are in scope.")
  @Nullable String tag;
}
