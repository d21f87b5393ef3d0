package io.gatehouse.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 17: the on-disk last good configuration is whole or refused, never torn. */
class LastGoodFileTest {
  @TempDir Path dir;

  @Test
  void savedRowsComeBackAsWritten() throws Exception {
    LastGoodFile file = new LastGoodFile(dir.resolve("sub/last_good_config"));
    assertThat(file.load()).isEmpty();
    file.save(7, LastGoodWriterChild.tables(7, 3));
    LastGoodFile.Saved saved = file.load().orElseThrow();
    assertThat(saved.version()).isEqualTo(7);
    assertThat(saved.tables()).isEqualTo(LastGoodWriterChild.tables(7, 3));
    assertThat(Files.getPosixFilePermissions(file.path())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.exists(dir.resolve("sub/last_good_config.tmp"))).as("the temporary file was renamed").isFalse();
  }

  @Test
  void aTruncatedOrAlteredFileIsRefusedByItsChecksum() throws Exception {
    LastGoodFile file = new LastGoodFile(dir.resolve("last_good_config"));
    file.save(3, LastGoodWriterChild.tables(3, 50));
    byte[] whole = Files.readAllBytes(file.path());

    Files.write(file.path(), java.util.Arrays.copyOf(whole, whole.length - 10));
    assertThatThrownBy(file::load).hasMessageContaining("damaged").hasMessageContaining("truncated");

    byte[] flipped = whole.clone();
    int at = whole.length - 40;
    flipped[at] = (byte) (flipped[at] == 'a' ? 'b' : 'a');
    Files.write(file.path(), flipped);
    assertThatThrownBy(file::load).hasMessageContaining("checksum mismatch");

    Files.writeString(file.path(), "{\"version\":3}");
    assertThatThrownBy(file::load).hasMessageContaining("damaged");
  }

  @Test
  void aTornTemporaryFileLeftByACrashIsIgnoredAndOverwritten() throws Exception {
    LastGoodFile file = new LastGoodFile(dir.resolve("last_good_config"));
    file.save(1, LastGoodWriterChild.tables(1, 5));
    Files.writeString(dir.resolve("last_good_config.tmp"), "gatehouse-last-good 1 999 ab\n{\"vers");
    assertThat(file.load().orElseThrow().version()).isEqualTo(1);
    file.save(2, LastGoodWriterChild.tables(2, 5));
    assertThat(file.load().orElseThrow().version()).isEqualTo(2);
  }

  /**
   * A child JVM saves multi-MB configurations back to back; SIGKILL at a random moment (almost
   * always mid-write) must leave a file that loads whole: the last acknowledged one or the next.
   */
  @Test
  void kill9DuringTheWriteNeverLeavesATornFile() throws Exception {
    Path path = dir.resolve("kill/last_good_config");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    for (int round = 0; round < 4; round++) {
      Process child = new ProcessBuilder(java, "-Xmx256m", "-cp", classpath, LastGoodWriterChild.class.getName(),
          path.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      long acked = 0;
      try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        int target = 2 + round;
        String line;
        while (acked < target && (line = out.readLine()) != null) {
          if (line.startsWith("SAVED ")) {
            acked = Long.parseLong(line.substring(6));
          }
        }
        Thread.sleep(ThreadLocalRandom.current().nextInt(1, 60)); // land somewhere inside the next write
        child.destroyForcibly(); // SIGKILL
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }
      assertThat(acked).as("saves acknowledged in round %d", round).isPositive();
      LastGoodFile.Saved saved = new LastGoodFile(path).load().orElseThrow();
      assertThat(saved.version()).as("round %d: the last acknowledged save or the one after it", round)
          .isBetween(acked, acked + 1);
      List<ObjectNode> services = saved.tables().get("services");
      assertThat(services).hasSize(20_000);
      assertThat(services.getLast().get("name").asText()).startsWith("v" + saved.version() + "-");
    }
  }
}
