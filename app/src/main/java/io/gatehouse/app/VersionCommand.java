package io.gatehouse.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code gatehouse version}. */
@Command(name = "version", description = "Print the Gatehouse version.")
final class VersionCommand implements Callable<Integer> {
  @Mixin CommonOptions options = new CommonOptions();

  @Override
  public Integer call() {
    System.out.println("Gatehouse " + Version.current());
    if (options.verbose) {
      System.out.println("Java " + Runtime.version() + " (" + System.getProperty("java.home") + ")");
    }
    return 0;
  }
}
