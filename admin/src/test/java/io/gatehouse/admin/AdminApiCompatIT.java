package io.gatehouse.admin;

import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.admin.testing.AdminClient;
import io.gatehouse.admin.testing.AdminClient.Resp;
import io.gatehouse.admin.testing.TestAdmin;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Kong Admin API behaviours (reference kong-core.md §1–§2), each test naming the rule it pins. */
@ParameterizedClass(name = "{0}")
@EnumSource(TestAdmin.StoreKind.class)
class AdminApiCompatIT {
  static TestAdmin gw;
  static AdminClient api;

  @Parameter TestAdmin.StoreKind storeKind;

  @BeforeParameterizedClassInvocation
  static void start(TestAdmin.StoreKind kind) throws Exception {
    gw = new TestAdmin(kind);
    api = gw.client;
  }

  @AfterParameterizedClassInvocation
  static void stop() {
    gw.close();
  }

  static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void post_service_with_url_shorthand_answers_201_with_defaults() { // §1.1 url shorthand, §2.3 POST 201
    String name = unique("svc");
    Resp r = api.form("POST", "/services", "name=" + name + "&url=http://example.test:9000/base");
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    JsonNode s = r.json();
    assertThat(s.get("protocol").asText()).isEqualTo("http");
    assertThat(s.get("host").asText()).isEqualTo("example.test");
    assertThat(s.get("port").asInt()).isEqualTo(9000);
    assertThat(s.get("path").asText()).isEqualTo("/base");
    assertThat(s.get("retries").asInt()).isEqualTo(5);
    assertThat(s.get("connect_timeout").asInt()).isEqualTo(60000);
    assertThat(s.get("enabled").asBoolean()).isTrue();
    assertThat(s.has("url")).isFalse();
    assertThat(s.get("tags").isNull()).isTrue();
    assertThat(s.get("created_at").isIntegralNumber()).isTrue();
    assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("application/json");
  }

  @Test
  void url_without_path_gives_null_path_and_https_port_443() { // §1.1
    Resp r = api.post("/services", "{\"url\":\"https://secure.test\"}");
    assertThat(r.status()).isEqualTo(201);
    assertThat(r.json().get("port").asInt()).isEqualTo(443);
    assertThat(r.json().get("path").isNull()).isTrue();
  }

  @Test
  void get_by_id_and_by_name_and_404_shape() { // §2.1 lookup rule, §2.3
    String name = unique("svc");
    String id = api.post("/services", "{\"name\":\"" + name + "\",\"host\":\"a.test\"}").json().get("id").asText();
    assertThat(api.get("/services/" + id).json().get("name").asText()).isEqualTo(name);
    assertThat(api.get("/services/" + name).json().get("id").asText()).isEqualTo(id);
    assertThat(api.get("/services/" + name + "/").status()).isEqualTo(200); // trailing slash resolved
    Resp missing = api.get("/services/nope-" + UUID.randomUUID());
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.text()).isEqualTo("{\"message\":\"Not found\"}");
  }

  @Test
  void put_upserts_with_200_and_resets_omitted_fields() { // §2.3 PUT
    String name = unique("svc");
    Resp created = api.json("PUT", "/services/" + name, "{\"host\":\"a.test\",\"retries\":2}");
    assertThat(created.status()).isEqualTo(200);
    assertThat(created.json().get("name").asText()).isEqualTo(name);
    Resp replaced = api.json("PUT", "/services/" + name, "{\"host\":\"b.test\"}");
    assertThat(replaced.status()).isEqualTo(200);
    assertThat(replaced.json().get("id").asText()).isEqualTo(created.json().get("id").asText());
    assertThat(replaced.json().get("retries").asInt()).isEqualTo(5);
    String id = UUID.randomUUID().toString();
    Resp byId = api.json("PUT", "/services/" + id, "{\"host\":\"c.test\"}");
    assertThat(byId.status()).isEqualTo(200);
    assertThat(byId.json().get("id").asText()).isEqualTo(id);
  }

  @Test
  void patch_merges_and_missing_entity_gives_code_6() { // §2.3 PATCH
    String name = unique("svc");
    api.post("/services", "{\"name\":\"" + name + "\",\"host\":\"a.test\",\"path\":\"/x\"}");
    Resp p = api.form("PATCH", "/services/" + name, "retries=3");
    assertThat(p.status()).isEqualTo(200);
    assertThat(p.json().get("retries").asInt()).isEqualTo(3);
    assertThat(p.json().get("path").asText()).isEqualTo("/x");
    Resp url = api.form("PATCH", "/services/" + name, "url=http://other.test");
    assertThat(url.json().get("path").isNull()).as("url PATCH resets path").isTrue();
    String id = UUID.randomUUID().toString();
    Resp missing = api.post("/services/" + id, "{}");
    assertThat(missing.status()).isEqualTo(405);
    Resp m = api.json("PATCH", "/services/" + id, "{\"retries\":1}");
    assertThat(m.status()).isEqualTo(404);
    assertThat(m.json().get("code").asInt()).isEqualTo(6);
    assertThat(m.message()).isEqualTo("could not find the entity with primary key '{id=\"" + id + "\"}'");
    Resp byName = api.json("PATCH", "/services/ghost", "{\"retries\":1}");
    assertThat(byName.message()).isEqualTo("could not find the entity with '{name=\"ghost\"}'");
  }

  @Test
  void delete_is_204_even_when_absent() { // §2.3 DELETE
    String name = unique("svc");
    api.post("/services", "{\"name\":\"" + name + "\",\"host\":\"a.test\"}");
    assertThat(api.delete("/services/" + name).status()).isEqualTo(204);
    assertThat(api.get("/services/" + name).status()).isEqualTo(404);
    assertThat(api.delete("/services/" + name).status()).isEqualTo(204);
  }

  @Test
  void service_with_routes_cannot_be_deleted_code_4() { // §2.3 restrict
    String name = unique("svc");
    api.post("/services", "{\"name\":\"" + name + "\",\"host\":\"a.test\"}");
    Resp route = api.form("POST", "/services/" + name + "/routes", "paths[]=/" + name);
    assertThat(route.status()).as(route.toString()).isEqualTo(201);
    Resp r = api.delete("/services/" + name);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("code").asInt()).isEqualTo(4);
    assertThat(r.message()).isEqualTo("an existing 'routes' entity references this 'services' entity");
    assertThat(r.json().at("/fields/@referenced_by").asText()).isEqualTo("routes");
    assertThat(api.get("/services/" + name).status()).isEqualTo(200);
  }

  @Test
  void nested_routes_fill_the_foreign_key_and_fk_endpoint_returns_parent() { // §2.1 nested + fk endpoints
    String svc = unique("svc");
    String sid = api.post("/services", "{\"name\":\"" + svc + "\",\"host\":\"a.test\"}").json().get("id").asText();
    Resp route = api.form("POST", "/services/" + svc + "/routes", "name=" + svc + "-r&paths[]=/a&paths[]=/b&methods=GET&strip_path=false&headers.x-foo=bar");
    assertThat(route.status()).as(route.toString()).isEqualTo(201);
    JsonNode r = route.json();
    assertThat(r.at("/service/id").asText()).isEqualTo(sid);
    assertThat(r.get("paths").toString()).isEqualTo("[\"/a\",\"/b\"]");
    assertThat(r.get("methods").toString()).isEqualTo("[\"GET\"]");
    assertThat(r.get("strip_path").asBoolean()).isFalse();
    assertThat(r.get("headers").toString()).isEqualTo("{\"x-foo\":[\"bar\"]}");
    assertThat(r.get("protocols").toString()).isEqualTo("[\"http\",\"https\"]");
    assertThat(r.get("regex_priority").asInt()).isZero();
    assertThat(r.get("https_redirect_status_code").asInt()).isEqualTo(426);
    assertThat(api.get("/routes/" + svc + "-r/service").json().get("id").asText()).isEqualTo(sid);
    assertThat(api.get("/services/" + svc + "/routes").json().get("data").size()).isEqualTo(1);
    assertThat(api.get("/services/" + svc + "/routes/" + svc + "-r").status()).isEqualTo(200);
    assertThat(api.delete("/routes/" + svc + "-r/service").status()).isEqualTo(405);
    String other = unique("svc");
    api.post("/services", "{\"name\":\"" + other + "\",\"host\":\"a.test\"}");
    assertThat(api.get("/services/" + other + "/routes/" + svc + "-r").status()).as("not associated").isEqualTo(404);
    assertThat(api.get("/services/nope-" + UUID.randomUUID() + "/routes").status()).isEqualTo(404);
  }

  // Kong 3.9 api/endpoints.lua put_entity_endpoint: PUT on a foreign-entity endpoint replaces the
  // parent; with a null foreign key it creates the parent under a new id and associates the child
  @Test
  void put_on_a_foreign_entity_endpoint_replaces_or_creates_and_associates_the_parent() {
    String r = unique("lonely");
    Resp route = api.post("/routes", "{\"name\":\"" + r + "\",\"paths\":[\"/" + r + "\"]}");
    assertThat(route.status()).as(route.toString()).isEqualTo(201);
    assertThat(route.json().get("service").isNull()).isTrue();
    assertThat(api.get("/routes/" + r + "/service").status()).isEqualTo(404);
    assertThat(api.json("PATCH", "/routes/" + r + "/service", "{\"host\":\"p.test\"}").status())
        .as("PATCH needs an existing parent").isEqualTo(404);

    String svc = unique("svc");
    Resp created = api.json("PUT", "/routes/" + r + "/service", "{\"name\":\"" + svc + "\",\"host\":\"c.test\"}");
    assertThat(created.status()).as(created.toString()).isEqualTo(200);
    String sid = created.json().get("id").asText();
    assertThat(created.json().get("host").asText()).isEqualTo("c.test");
    assertThat(api.get("/routes/" + r).json().at("/service/id").asText()).as("associated").isEqualTo(sid);
    assertThat(api.get("/services/" + svc).status()).isEqualTo(200);

    Resp replaced = api.json("PUT", "/routes/" + r + "/service", "{\"host\":\"d.test\"}");
    assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);
    assertThat(replaced.json().get("id").asText()).isEqualTo(sid);
    assertThat(replaced.json().get("host").asText()).isEqualTo("d.test");
    assertThat(replaced.json().get("name").isNull()).as("PUT replaces: the name is gone").isTrue();
    assertThat(api.get("/services/" + sid).json().get("host").asText()).as("the same service, replaced").isEqualTo("d.test");
    assertThat(api.get("/routes/" + r).json().at("/service/id").asText()).isEqualTo(sid);
    assertThat(api.json("PUT", "/routes/nope-" + UUID.randomUUID() + "/service", "{\"host\":\"x.test\"}").status())
        .isEqualTo(404);
  }

  @Test
  void foreign_key_by_name_and_unresolvable_name_code_13() { // §2.2 FK by name
    String svc = unique("svc");
    api.post("/services", "{\"name\":\"" + svc + "\",\"host\":\"a.test\"}");
    Resp ok = api.post("/routes", "{\"paths\":[\"/" + svc + "\"],\"service\":{\"name\":\"" + svc + "\"}}");
    assertThat(ok.status()).as(ok.toString()).isEqualTo(201);
    Resp bad = api.form("POST", "/routes", "paths[]=/zz&service.name=does-not-exist");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().get("code").asInt()).isEqualTo(13);
    assertThat(bad.message()).isEqualTo("foreign key unresolved (service.name: the foreign key cannot be resolved with '{name=\"does-not-exist\"}' for an existing 'services' entity)");
    Resp missingParent = api.post("/routes", "{\"paths\":[\"/q\"],\"service\":{\"id\":\"" + UUID.randomUUID() + "\"}}");
    assertThat(missingParent.status()).isEqualTo(400);
    assertThat(missingParent.json().get("code").asInt()).isEqualTo(4);
    assertThat(missingParent.message()).startsWith("the foreign key '{id=\"").endsWith("\"}' does not reference an existing 'services' entity.");
  }

  @Test
  void unique_violation_is_409_code_5() { // §2.5
    String name = unique("c");
    assertThat(api.post("/consumers", "{\"username\":\"" + name + "\"}").status()).isEqualTo(201);
    Resp dup = api.post("/consumers", "{\"username\":\"" + name + "\"}");
    assertThat(dup.status()).isEqualTo(409);
    assertThat(dup.json().get("code").asInt()).isEqualTo(5);
    assertThat(dup.json().get("name").asText()).isEqualTo("unique constraint violation");
    assertThat(dup.message()).isEqualTo("UNIQUE violation detected on '{username=\"" + name + "\"}'");
    assertThat(dup.json().at("/fields/username").asText()).isEqualTo(name);
  }

  @Test
  void consumer_needs_username_or_custom_id_and_custom_id_filter() { // §1.3
    Resp r = api.post("/consumers", "{}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.message()).isEqualTo("schema violation (at least one of these fields must be non-empty: 'custom_id', 'username')");
    String cid = unique("cid");
    api.post("/consumers", "{\"custom_id\":\"" + cid + "\"}");
    Resp f = api.get("/consumers?custom_id=" + cid);
    assertThat(f.json().get("data").size()).isEqualTo(1);
    assertThat(f.json().get("next").isNull()).isTrue();
    assertThat(api.get("/consumers?custom_id=").message()).isEqualTo("custom_id must be an unempty string");
  }

  @Test
  void plugin_uniqueness_scope_and_schema_errors() { // §1.5
    String svc = unique("svc");
    String sid = api.post("/services", "{\"name\":\"" + svc + "\",\"host\":\"a.test\"}").json().get("id").asText();
    Resp p = api.form("POST", "/services/" + svc + "/plugins", "name=dummy&config.minute=10&config.allow[]=a&config.allow[]=b");
    assertThat(p.status()).as(p.toString()).isEqualTo(201);
    assertThat(p.json().at("/config/minute").asInt()).isEqualTo(10);
    assertThat(p.json().at("/config/policy").asText()).isEqualTo("local");
    assertThat(p.json().at("/config/allow").toString()).isEqualTo("[\"a\",\"b\"]");
    assertThat(p.json().get("protocols").toString()).isEqualTo("[\"grpc\",\"grpcs\",\"http\",\"https\"]");
    Resp dup = api.post("/plugins", "{\"name\":\"dummy\",\"service\":{\"id\":\"" + sid + "\"}}");
    assertThat(dup.status()).isEqualTo(409);
    assertThat(dup.message()).isEqualTo("UNIQUE violation detected on '{consumer=null,name=\"dummy\",route=null,service={id=\"" + sid + "\"}}'");
    Resp bad = api.post("/plugins", "{\"name\":\"dummy\",\"config\":{\"minute\":\"ten\"}}");
    assertThat(bad.message()).as(bad.toString()).isEqualTo("schema violation (config.minute: expected an integer)");
    assertThat(bad.json().at("/fields/config/minute").asText()).isEqualTo("expected an integer");
    Resp unknown = api.post("/plugins", "{\"name\":\"nope\"}");
    assertThat(unknown.message()).isEqualTo("schema violation (name: plugin 'nope' not enabled; add it to the 'plugins' configuration property)");
    String consumer = api.post("/consumers", "{\"username\":\"" + unique("u") + "\"}").json().get("id").asText();
    Resp scoped = api.post("/plugins", "{\"name\":\"dummy-no-consumer\",\"consumer\":{\"id\":\"" + consumer + "\"}}");
    assertThat(scoped.json().at("/fields/consumer").asText()).isEqualTo("value must be null");
    // PATCH keeps the other config fields (records merge)
    Resp patched = api.json("PATCH", "/plugins/" + p.json().get("id").asText(), "{\"config\":{\"hide\":true}}");
    assertThat(patched.json().at("/config/minute").asInt()).isEqualTo(10);
    assertThat(patched.json().at("/config/hide").asBoolean()).isTrue();
    // deleting the service cascades its plugins
    api.delete("/services/" + svc);
    assertThat(api.get("/plugins/" + p.json().get("id").asText()).status()).isEqualTo(404);
  }

  @Test
  void upstream_defaults_and_target_rules() { // §1.6, §1.7
    String up = unique("up") + ".test";
    Resp u = api.post("/upstreams", "{\"name\":\"" + up + "\"}");
    assertThat(u.status()).as(u.toString()).isEqualTo(201);
    assertThat(u.json().get("algorithm").asText()).isEqualTo("round-robin");
    assertThat(u.json().get("slots").asInt()).isEqualTo(10000);
    assertThat(u.json().at("/healthchecks/active/unhealthy/http_statuses").toString()).isEqualTo("[429,404,500,501,502,503,504,505]");
    assertThat(u.json().at("/healthchecks/passive/unhealthy/http_statuses").toString()).isEqualTo("[429,500,503]");
    assertThat(u.json().at("/healthchecks/threshold").asInt()).isZero();
    Resp hashed = api.post("/upstreams", "{\"name\":\"h" + up + "\",\"hash_on\":\"ip\"}");
    assertThat(hashed.json().get("algorithm").asText()).isEqualTo("consistent-hashing");
    Resp t = api.post("/upstreams/" + up + "/targets", "{\"target\":\"10.0.0.1\"}");
    assertThat(t.status()).as(t.toString()).isEqualTo(201);
    assertThat(t.json().get("target").asText()).isEqualTo("10.0.0.1:8000");
    assertThat(t.json().get("weight").asInt()).isEqualTo(100);
    assertThat(api.post("/upstreams/" + up + "/targets", "{\"target\":\"10.0.0.1:8000\"}").status()).isEqualTo(409);
    assertThat(api.get("/upstreams/" + up + "/targets/10.0.0.1:8000").status()).isEqualTo(200);
    assertThat(api.get("/upstreams/" + up + "/targets/all").json().get("data").size()).isEqualTo(1);
    assertThat(api.get("/targets").status()).isEqualTo(404);
    assertThat(api.post("/upstreams", "{\"name\":\"10.1.1.1\"}").json().at("/fields/name").asText())
        .isEqualTo("Invalid name ('10.1.1.1'); no ip addresses allowed");
    api.delete("/upstreams/" + up);
    assertThat(api.get("/upstreams/" + up + "/targets").status()).isEqualTo(404);
  }

  @Test
  void pagination_walks_every_entity_once_with_next_links() { // §2.4
    String tag = unique("page");
    for (int i = 0; i < 7; i++) {
      api.post("/consumers", "{\"username\":\"" + unique("p") + "\",\"tags\":[\"" + tag + "\"]}");
    }
    Set<String> seen = new HashSet<>();
    String next = "/consumers?size=3&tags=" + tag;
    int pages = 0;
    while (next != null) {
      Resp r = api.get(next);
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      r.json().get("data").forEach(c -> assertThat(seen.add(c.get("id").asText())).isTrue());
      next = r.json().get("next").isNull() ? null : r.json().get("next").asText();
      if (next != null) {
        assertThat(r.json().get("offset").isTextual()).isTrue();
        assertThat(next).contains("size=3").contains("tags=" + tag);
      } else {
        assertThat(r.json().has("offset")).isFalse();
      }
      pages++;
    }
    assertThat(seen).hasSize(7);
    assertThat(pages).isEqualTo(3);
  }

  @Test
  void tag_filters_and_tags_endpoint() { // §2.4 tags
    String a = unique("ta");
    String b = unique("tb");
    api.post("/services", "{\"host\":\"x.test\",\"tags\":[\"" + a + "\",\"" + b + "\"]}");
    api.post("/services", "{\"host\":\"y.test\",\"tags\":[\"" + a + "\"]}");
    api.post("/consumers", "{\"username\":\"" + unique("t") + "\",\"tags\":[\"" + b + "\"]}");
    assertThat(api.get("/services?tags=" + a + "," + b).json().get("data").size()).isEqualTo(1);
    assertThat(api.get("/services?tags=" + a + "/" + b).json().get("data").size()).isEqualTo(2);
    Resp tags = api.get("/tags/" + b);
    assertThat(tags.json().get("data").size()).isEqualTo(2);
    assertThat(tags.json().get("data").get(0).has("entity_name")).isTrue();
    assertThat(api.get("/tags").json().get("data").size()).isGreaterThanOrEqualTo(4);
    Resp dup = api.post("/services", "{\"host\":\"z.test\",\"tags\":[\"d\",\"d\",\"e\"]}");
    assertThat(dup.json().get("tags").toString()).as("sets de-duplicate silently").isEqualTo("[\"d\",\"e\"]");
  }

  @Test
  void certificates_with_snis_and_lookup_by_sni() throws Exception { // §1.8
    var pair = TestCerts.selfSigned("sni.test");
    String host1 = unique("a") + ".test";
    String host2 = unique("b") + ".test";
    var body = io.gatehouse.core.json.Json.object().put("cert", pair.cert()).put("key", pair.key());
    body.set("snis", io.gatehouse.core.json.Json.array().add(host2).add(host1));
    Resp c = api.post("/certificates", body.toString());
    assertThat(c.status()).as(c.toString()).isEqualTo(201);
    assertThat(c.json().get("snis").toString()).isEqualTo("[\"" + (host1.compareTo(host2) < 0 ? host1 + "\",\"" + host2 : host2 + "\",\"" + host1) + "\"]");
    assertThat(api.get("/certificates/" + host1).json().get("id").asText()).isEqualTo(c.json().get("id").asText());
    assertThat(api.get("/snis/" + host1).json().at("/certificate/id").asText()).isEqualTo(c.json().get("id").asText());
    var other = TestCerts.selfSigned("other.test");
    var mismatch = io.gatehouse.core.json.Json.object().put("cert", pair.cert()).put("key", other.key());
    Resp bad = api.post("/certificates", mismatch.toString());
    assertThat(bad.message()).isEqualTo("schema violation (certificate does not match key)");
    api.delete("/certificates/" + c.json().get("id").asText());
    assertThat(api.get("/snis/" + host1).status()).as("snis cascade").isEqualTo(404);
  }

  @Test
  void certificate_schema_has_the_transient_snis_field() throws Exception { // §1.8; Kong Manager's certificate form
    var pair = TestCerts.selfSigned("validate.test");
    var body = io.gatehouse.core.json.Json.object().put("cert", pair.cert()).put("key", pair.key());
    body.set("snis", io.gatehouse.core.json.Json.array().add("a.validate.test").add("*.validate.test"));
    Resp ok = api.post("/schemas/certificates/validate", body.toString());
    assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
    assertThat(ok.message()).isEqualTo("schema validation successful");
    body.set("snis", io.gatehouse.core.json.Json.array().add("*.a.*"));
    Resp bad = api.post("/schemas/certificates/validate", body.toString());
    assertThat(bad.status()).as(bad.toString()).isEqualTo(400);
    assertThat(bad.json().at("/fields/snis").toString()).contains("only one wildcard must be specified");
    body.set("snis", io.gatehouse.core.json.Json.array().add("v-" + unique("n") + ".test"));
    api.post("/schemas/certificates/validate", body.toString());
    assertThat(api.get("/snis/" + body.get("snis").get(0).asText()).status()).as("validate writes nothing").isEqualTo(404);
    assertThat(api.get("/schemas/certificates").json().get("fields").toString())
        .contains("{\"snis\":{\"type\":\"array\",\"elements\":{\"type\":\"string\"},\"required\":false,\"transient\":true}}");
  }

  @Test
  void info_endpoints() { // §2.7
    Resp root = api.get("/");
    assertThat(root.json().get("tagline").asText()).isEqualTo("Welcome to kong");
    assertThat(root.headers().firstValue("X-Kong-Admin-Latency")).as("latency_tokens is on by default").hasValueSatisfying(
        v -> assertThat(v).matches("\\d+"));
    assertThat(root.json().get("node_id").asText()).isNotEmpty();
    assertThat(root.json().at("/configuration/pg_password").asText()).isEqualTo("******");
    assertThat(root.json().at("/plugins/enabled_in_cluster").isArray()).as("distinct configured names: KongDropInIT").isTrue();
    assertThat(api.get("/status").json().at("/database/reachable").asBoolean()).isTrue();
    assertThat(api.get("/endpoints").json().get("data").toString()).contains("/services/{services}/routes", "/consumers/{consumers}/plugins");
    assertThat(api.get("/endpoints").json().get("data").toString()).doesNotContain("\"/targets\"");
    Resp schema = api.get("/schemas/services");
    assertThat(schema.json().get("fields").toString()).contains("\"retries\":{\"type\":\"integer\"", "\"default\":5");
    assertThat(api.get("/schemas/nope").message()).isEqualTo("No entity named 'nope'");
    assertThat(api.post("/schemas/services/validate", "{\"host\":\"a.test\"}").message()).isEqualTo("schema validation successful");
    assertThat(api.post("/schemas/services/validate", "{}").status()).isEqualTo(400);
    assertThat(api.get("/plugins/enabled").json().get("enabled_plugins").toString()).isEqualTo("[\"dummy\",\"dummy-no-consumer\"]");
    assertThat(api.get("/schemas/plugins/dummy").json().toString()).contains("\"minute\"");
    assertThat(api.get("/schemas/plugins/nope").message()).isEqualTo("No plugin named 'nope'");
    Resp options = api.send(java.net.http.HttpRequest.newBuilder(api.uri("/services")).method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody()));
    assertThat(options.status()).isEqualTo(204);
    assertThat(options.headers().firstValue("allow").orElse("")).isEqualTo("GET, HEAD, OPTIONS, POST");
    Resp head = api.send(java.net.http.HttpRequest.newBuilder(api.uri("/services")).method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody()));
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.text()).isEmpty();
  }

  @Test
  void every_write_moves_the_active_config_version() { // DESIGN §1: writes trigger snapshots
    long before = gw.store.version();
    api.post("/consumers", "{\"username\":\"" + unique("v") + "\"}");
    assertThat(gw.store.version()).isGreaterThan(before);
    await().atMost(Duration.ofSeconds(5)).until(() -> gw.feed.appliedVersion() >= gw.store.version());
    assertThat(gw.statusClient.get("/status/ready").status()).isEqualTo(200);
    assertThat(gw.statusClient.get("/status/ready").message()).isEqualTo("ready");
    assertThat(api.get("/status").json().at("/configuration/active_version").asLong()).isGreaterThan(before);
  }
}
