package io.gatehouse.app;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.gatehouse.manager.ManagerServer;
import io.gatehouse.testsupport.HeadlessChromium;
import java.nio.file.Path;

/**
 * What the Manager's browser tests share: the UI's URL on a node, a tab that prints the browser's
 * errors, and screenshots. Screenshots go to {@code target/manager-screenshots}, or to the folder in
 * the system property {@code gatehouse.manager.shots} (docs/manager.md: {@code -Dgatehouse.manager.shots=../docs/manager}).
 */
final class ManagerPages {
  static final Path SHOTS = Path.of(System.getProperty("gatehouse.manager.shots", "target/manager-screenshots"));

  private ManagerPages() {}

  static String guiUrl(WholeNode node) {
    return "http://127.0.0.1:" + node.node.component(ManagerServer.class).orElseThrow().address().getPort() + "/";
  }

  /** On the portal page: signs {@code email} up (accounts approved at once) and logs in with it. */
  static void portalSignUpAndLogIn(Page page, String email) {
    page.locator("#email").fill(email);
    page.locator("#password").fill("a long password");
    clickButton(page, "Sign up");
    page.getByText("Account created; log in.").waitFor();
    clickButton(page, "Log in");
    page.getByText("Logged in as " + email).waitFor();
  }

  /** A tab whose console errors and failed requests reach the test's output (a broken UI says why). */
  static Page page(HeadlessChromium chromium) {
    Page page = chromium.newPage();
    page.setDefaultTimeout(15_000);
    page.onConsoleMessage(m -> System.out.println("[browser " + m.type() + "] " + m.text()));
    page.onPageError(e -> System.out.println("[browser error] " + e));
    page.onRequestFailed(r -> System.out.println("[browser request failed] " + r.url() + " " + r.failure()));
    return page;
  }

  static void shot(Page page, String name) {
    page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve(name + ".png")).setFullPage(true));
  }

  static void clickLink(Page page, String name) {
    page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(name).setExact(true)).click();
  }

  static void clickButton(Page page, String name) {
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true)).click();
  }

  static void awaitHeading(Page page, String name) {
    page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName(name)).first().waitFor();
  }
}
