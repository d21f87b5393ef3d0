package io.gatehouse.app;

import io.gatehouse.testsupport.HeadlessChromium;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** A test class driving Debian's Chromium: one browser per class, closed after its last test. */
abstract class BrowserTest {
  static HeadlessChromium chromium;

  @BeforeAll
  static void launchBrowser() {
    chromium = HeadlessChromium.builder().launch();
  }

  @AfterAll
  static void closeBrowser() {
    chromium.close();
  }
}
