package io.gatehouse.plugins.botdetection;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The built-in list blocks the families Kong's rules block and lets browsers and curl through. */
class BotRulesTest {

  @ParameterizedTest
  @ValueSource(strings = {
      "Googlebot/2.1 (+http://www.google.com/bot.html)",
      "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
      "facebookexternalhit/1.1",
      "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
      "Pingdom.com_bot_version_1.4_(http://www.pingdom.com/)",
      "Twitterbot/1.0",
      "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
      "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)",
      "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)",
      "Mozilla/5.0 (compatible; Yahoo! Slurp; http://help.yahoo.com/help/us/ysearch/slurp)",
      "AdsBot-Google (+http://www.google.com/adsbot.html)",
      "Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)",
      "Mozilla/5.0 (compatible; MJ12bot/v1.4.8; http://mj12bot.com/)",
      "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
      "WhatsApp/2.19.81 A",
      "Mozilla/5.0 (compatible; archive.org_bot +http://www.archive.org/details/archive.org_bot)",
      "Scrapy/2.11.0 (+https://scrapy.org)",
      "Mozilla/4.0 (compatible; MSIECrawler; Windows NT 5.1)",
      "Boto3/1.26.0 Python/3.11.2 Linux/5.15 Botocore/1.29.0",
      "aws-cli/2.13.0 Python/3.11.4 Linux/5.15.0",
      "aws-sdk-java/1.12.500 Linux/5.15",
      "JetS3t/0.9.4 (Linux/5.15; amd64)",
      "Google-HTTP-Java-Client/1.43.3 (gzip)",
      "Apache-HttpClient/4.5.14 (Java/17.0.8)",
      "Go-http-client/1.1",
      "scalaj-http/1.0",
      "Python-urllib/3.11",
      "okhttp/4.12.0",
      "Python/3.11 aiohttp/3.9.1",
      "reqwest/0.11.22",
      "axios/1.6.2",
      "unirest-java/3.14.5",
      "Microsoft WinHTTP",
      "JNLP/1.7.0 javaws/11.381.2.11 (<internal>) Java/1.8.0_381",
      "HttpMonitor/1.0",
      "TLSProber/0.1",
      "Mozilla/5.0 (compatible; SomeNewCrawler/1.2; +https://example.test/crawler)",
      "my-spider 3.0",
      "PTST/190501",
  })
  void blocked(String userAgent) {
    assertThat(BotRules.BUILT_IN.matcher(userAgent).find()).as(userAgent).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_10_3) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/41.0.2272.118 Safari/537.36",
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0",
      "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1",
      "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36",
      "HelloWorld",
      "curl/7.43.0",
      "curl/8.5.0",
      "Wget/1.21.4",
      "PostmanRuntime/7.36.0",
      "HTTPie/3.2.2",
  })
  void passed(String userAgent) {
    assertThat(BotRules.BUILT_IN.matcher(userAgent).find()).as(userAgent).isFalse();
  }
}
