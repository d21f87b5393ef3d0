package io.gatehouse.app;

import io.gatehouse.app.settings.Settings;
import java.nio.file.Files;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Kong's {@code prepare}: creates the prefix directory and its logs directory. Gatehouse renders no
 * nginx configuration, so there is nothing else to write; {@code --nginx-conf} is accepted and ignored.
 */
@Command(name = "prepare", mixinStandardHelpOptions = true, description = "Prepare the prefix directory.")
final class PrepareCommand implements Callable<Integer> {
  @Mixin CommonOptions options = new CommonOptions();

  @Option(names = "--nginx-conf", paramLabel = "FILE", description = "Not applicable: Gatehouse has no nginx (ignored).")
  String nginxConf;

  @Override
  public Integer call() throws Exception {
    Settings settings = options.load();
    if (nginxConf != null) {
      System.err.println("note: --nginx-conf is not applicable to Gatehouse (no nginx); ignored");
    }
    Files.createDirectories(settings.prefix());
    Files.createDirectories(settings.logsDirectory());
    System.out.println("prefix " + settings.prefix() + " is ready");
    return 0;
  }
}
