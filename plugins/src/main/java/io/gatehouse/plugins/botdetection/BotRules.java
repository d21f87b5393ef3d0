package io.gatehouse.plugins.botdetection;

import com.google.re2j.Pattern;
import java.util.List;

/**
 * The built-in list of user agents to refuse: the same families Kong's {@code rules.lua} blocks
 * (link previewers and monitors, cloud storage clients, named crawlers, HTTP client libraries and
 * anything calling itself a bot, spider or crawler with a version), written for Gatehouse. Browsers
 * and command-line tools such as {@code curl} are not matched.
 */
final class BotRules {
  private BotRules() {}

  /** Each entry is matched unanchored and case-sensitively, like Kong's rules. */
  static final List<String> PATTERNS = List.of(
      // monitors and link previewers
      "Pingdom",
      "facebookexternalhit",
      "Google.{0,40}/\\+/web/snippet",
      "Twitterbot",
      "PTST/\\d",
      // cloud storage clients
      "\\bBoto3?/\\d",
      "JetS3t",
      "aws-cli/\\d",
      "aws-sdk-[a-z]",
      "\\bs3fs\\b",
      // named crawlers and archivers
      "(?i:googlebot|adsbot-google|mediapartners-google|feedfetcher-google|google-read-aloud|storebot-google)",
      "(?i:bingbot|bingpreview|msnbot|adidxbot)",
      "(?i:baiduspider|yandex(?:bot|images|mobilebot|accessibilitybot)|yahoo! slurp|\\bslurp\\b|sogou (?:web )?spider|360spider|yisouspider)",
      "(?i:duckduckbot|applebot|semrushbot|ahrefsbot|mj12bot|dotbot|petalbot|bytespider|seznambot|exabot|qwantify|"
          + "rogerbot|dataforseobot|blexbot|linkedinbot|slackbot|discordbot|telegrambot|redditbot|pinterestbot|"
          + "embedly|quora link preview|whatsapp|skypeuripreview|vkshare|tumblr|archive\\.org_bot|ia_archiver|"
          + "heritrix|scrapy|gptbot|claudebot|ccbot|perplexitybot|amazonbot|coccocbot|mail\\.ru_bot|nutch)",
      "MSIECrawler",
      // HTTP client libraries
      "Google-HTTP-Java-Client",
      "Apache-HttpClient",
      "Go-http-client",
      "scalaj-http",
      "Python-urllib",
      "\\bokhttp/",
      "\\baiohttp/",
      "\\breqwest/",
      "\\baxios/",
      "\\bunirest-[a-z]",
      "WinHTTP",
      "\\bJNLP/",
      "HttpMonitor",
      "TLSProber",
      // anything naming itself a bot, spider, crawler, scraper, archiver or indexer, then a version
      "(?:^|[^A-Za-z0-9])[A-Za-z0-9_-]{0,40}(?:[Bb]ot|BOT|[Ss]pider|[Cc]rawl[a-z]{0,12}|[Ss]craper?|[Aa]rchiver|[Ii]ndexer)[/ ]v?\\d");

  /** The whole list as one pattern: RE2/J matches an alternation in one linear pass. */
  static final Pattern BUILT_IN = Pattern.compile("(?:" + String.join(")|(?:", PATTERNS) + ")");
}
