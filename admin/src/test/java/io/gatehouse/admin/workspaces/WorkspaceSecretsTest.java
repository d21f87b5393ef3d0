package io.gatehouse.admin.workspaces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.core.error.KongException;
import io.gatehouse.core.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How a workspace's {@code portal_auth_conf} secrets are shown and how a redacted one sent back is kept. */
class WorkspaceSecretsTest {
  private static JsonNode json(String text) {
    return Json.parse(text.replace('\'', '"'));
  }

  private static JsonNode shown(String config) {
    return WorkspaceSecrets.shown(json(config));
  }

  @ParameterizedTest(name = "{0} is shown as {1}")
  @CsvSource(delimiter = '|', textBlock = """
      {'client_secret':'s3cret'}                       | {'client_secret':'******'}
      {'client_secret':['a','b']}                      | {'client_secret':['******','******']}
      {'client_secret':['{vault://env/a}','b']}        | {'client_secret':['{vault://env/a}','******']}
      {'client_secret':'{vault://env/portal-secret}'}  | {'client_secret':'{vault://env/portal-secret}'}
      {'session_secret':'x','redis_password':'y'}      | {'session_secret':'******','redis_password':'******'}
      {'client_jwk':[{'d':'private'}]}                 | {'client_jwk':['******']}
      {'client_id':['id'],'issuer':'https://i','scopes':['openid']} | {'client_id':['id'],'issuer':'https://i','scopes':['openid']}
      {'client_secret':null}                           | {'client_secret':null}
      """)
  void secretMembersAreRedactedAndTheRestIsShown(String conf, String expected) {
    assertThat(shown("{'portal':true,'portal_auth_conf':" + conf + "}"))
        .isEqualTo(json("{'portal':true,'portal_auth_conf':" + expected + "}"));
  }

  @Test
  void aConfStoredAsJsonTextIsRedactedInsideTheText() {
    JsonNode out = shown("{'portal_auth_conf':'{\\'client_id\\':\\'c\\',\\'client_secret\\':\\'s3cret\\'}'}");
    assertThat(Json.parse(out.get("portal_auth_conf").asText())).isEqualTo(json("{'client_id':'c','client_secret':'******'}"));
    // text that is not JSON may be anything: hidden whole
    assertThat(shown("{'portal_auth_conf':'client_secret=s3cret'}").get("portal_auth_conf").asText()).isEqualTo("******");
  }

  @Test
  void showingDoesNotChangeTheStoredTree() {
    JsonNode stored = json("{'portal_auth_conf':{'client_secret':'s3cret'}}");
    WorkspaceSecrets.shown(stored);
    assertThat(stored.at("/portal_auth_conf/client_secret").asText()).isEqualTo("s3cret");
    assertThat(shown("{'portal':true}")).isEqualTo(json("{'portal':true}"));
  }

  private static JsonNode kept(String input, String stored) {
    return WorkspaceSecrets.kept(json(input), json(stored));
  }

  @ParameterizedTest(name = "{0} over {1} stores {2}")
  @CsvSource(delimiter = '|', textBlock = """
      {'client_secret':'******'}                | {'client_secret':'s3cret'}        | {'client_secret':'s3cret'}
      {'client_secret':['******']}              | {'client_secret':['s3cret']}      | {'client_secret':['s3cret']}
      {'client_secret':['new','******']}        | {'client_secret':['a','b']}       | {'client_secret':['new','b']}
      {'client_secret':['******']}              | {'client_secret':'s3cret'}        | {'client_secret':['s3cret']}
      {'client_secret':'new'}                   | {'client_secret':'s3cret'}        | {'client_secret':'new'}
      {'client_secret':'{vault://env/x}'}       | {'client_secret':'s3cret'}        | {'client_secret':'{vault://env/x}'}
      {'client_jwk':'******'}                   | {'client_jwk':[{'d':'k'}]}        | {'client_jwk':[{'d':'k'}]}
      {'client_id':'******'}                    | {'client_id':'c'}                 | {'client_id':'******'}
      """)
  void aPlaceholderSentBackKeepsTheStoredSecret(String input, String stored, String expected) {
    assertThat(kept("{'portal_auth_conf':" + input + "}", "{'portal_auth_conf':" + stored + "}"))
        .isEqualTo(json("{'portal_auth_conf':" + expected + "}"));
  }

  @Test
  void aRoundTripOfWhatWasShownStoresWhatWasStored() {
    String stored = "{'portal':true,'portal_auth_conf':{'issuer':'https://i','client_id':['c'],'client_secret':['s'],"
        + "'session_secret':'t'}}";
    assertThat(WorkspaceSecrets.kept(shown(stored), json(stored))).isEqualTo(json(stored));
    String asText = "{'portal_auth_conf':'{\\'client_id\\':\\'c\\',\\'client_secret\\':\\'s\\'}'}";
    assertThat(Json.parse(WorkspaceSecrets.kept(shown(asText), json(asText)).get("portal_auth_conf").asText()))
        .isEqualTo(json("{'client_id':'c','client_secret':'s'}"));
    String opaque = "{'portal_auth_conf':'client_secret=s'}";
    assertThat(WorkspaceSecrets.kept(shown(opaque), json(opaque))).isEqualTo(json(opaque));
  }

  @Test
  void aPlaceholderWithNothingStoredIsKongsSchemaViolation() {
    assertThatThrownBy(() -> kept("{'portal_auth_conf':{'client_secret':'******'}}", "{}"))
        .isInstanceOfSatisfying(KongException.class, e -> {
          assertThat(e.httpStatus()).isEqualTo(400);
          assertThat(e.toJson().at("/fields/config/portal_auth_conf").asText())
              .isEqualTo("client_secret: '******' stands for the stored secret, and none is stored");
        });
    assertThatThrownBy(() -> kept("{'portal_auth_conf':{'client_secret':['a','******']}}",
        "{'portal_auth_conf':{'client_secret':['a']}}"))
        .isInstanceOfSatisfying(KongException.class, e -> assertThat(e.toJson().at("/fields/config/portal_auth_conf")
            .asText()).startsWith("client_secret[2]: "));
  }

  @Test
  void aMalformedReferenceIsRefused() {
    assertThatThrownBy(() -> WorkspaceSecrets.checkReferences(json("{'portal_auth_conf':{'client_secret':['{vault://env}']}}")))
        .isInstanceOfSatisfying(KongException.class, e -> assertThat(e.toJson().at("/fields/config/portal_auth_conf")
            .asText()).startsWith("client_secret: invalid vault reference '{vault://env}': "));
    WorkspaceSecrets.checkReferences(json("{'portal_auth_conf':{'client_secret':'{vault://env/portal_secret}'}}"));
  }
}
