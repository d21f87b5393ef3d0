package io.gatehouse.plugins.grpcproto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** .proto files read into descriptors with their google.api.http rules, imports from the classpath. */
class ProtoFilesTest {

  @Test
  void readsRpcsAndTheirHttpRules() throws Exception {
    Path proto = Path.of(ProtoFilesTest.class.getResource("/grpc-gateway/bouncer.proto").toURI());
    ProtoSchema schema = ProtoFiles.load(proto.toString());
    assertThat(schema.methods()).extracting(GrpcMethod::path).containsExactly("/bouncer.v1.Bouncer/SayHello",
        "/bouncer.v1.Bouncer/Missing", "/bouncer.v1.Bouncer/Lookup", "/bouncer.v1.Bouncer/Bounce",
        "/bouncer.v1.Bouncer/GrowTail", "/bouncer.v1.Bouncer/Echo", "/bouncer.v1.Bouncer/Count");
    GrpcMethod hello = schema.byPath("/bouncer.v1.Bouncer/SayHello");
    assertThat(hello.input().getFullName()).isEqualTo("bouncer.v1.HelloRequest");
    assertThat(hello.output().getFullName()).isEqualTo("bouncer.v1.HelloReply");
    assertThat(hello.bindings()).hasSize(2);
    assertThat(hello.bindings().get(0).getGet()).isEqualTo("/v1/messages/{greeting}");
    assertThat(hello.bindings().get(0).getBody()).isEqualTo("*");
    assertThat(hello.bindings().get(1).getGet()).isEqualTo("/v1/messages/legacy/{greeting=**}");
    assertThat(schema.byPath("/bouncer.v1.Bouncer/Bounce").input().findFieldByName("when").getMessageType().getFullName())
        .isEqualTo("google.protobuf.Timestamp");
  }

  @Test
  void aPublicImportBringsItsRpcs(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("inner.proto"), """
        syntax = "proto3";
        package inner;
        message Ping { string text = 1; }
        service Inner { rpc Call(Ping) returns (Ping); }
        """);
    Files.writeString(dir.resolve("outer.proto"), """
        syntax = "proto3";
        package outer;
        import public "inner.proto";
        service Outer { rpc Echo(inner.Ping) returns (inner.Ping); }
        """);
    ProtoSchema schema = ProtoFiles.load(dir.resolve("outer.proto").toString());
    assertThat(schema.methods()).extracting(GrpcMethod::path).containsExactly("/inner.Inner/Call", "/outer.Outer/Echo");
    assertThat(schema.byPath("/outer.Outer/Echo").http()).isNull();
  }

  @Test
  void copiesOfGoogleApiBesideTheFileAreNoConflict(@TempDir Path dir) throws Exception {
    // users often keep googleapis' files beside theirs (Kong's own fixtures do): the first found wins, as in Kong
    Files.createDirectories(dir.resolve("google/api"));
    for (String name : new String[] {"google/api/annotations.proto", "google/api/http.proto"}) {
      try (var in = com.google.api.HttpRule.class.getClassLoader().getResourceAsStream(name)) {
        Files.write(dir.resolve(name), in.readAllBytes());
      }
    }
    Files.writeString(dir.resolve("svc.proto"), """
        syntax = "proto3";
        package svc;
        import "google/api/annotations.proto";
        message M { string id = 1; }
        service S {
          rpc Get(M) returns (M) { option (google.api.http) = { get: "/m/{id}" }; }
        }
        """);
    ProtoSchema schema = ProtoFiles.load(dir.resolve("svc.proto").toString());
    assertThat(schema.byPath("/svc.S/Get").http().getGet()).isEqualTo("/m/{id}");
  }

  @Test
  void aFileThatDoesNotParseIsAProtoException(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("bad.proto"), "syntax = \"proto3\"; message {");
    assertThatThrownBy(() -> ProtoFiles.load(dir.resolve("bad.proto").toString())).isInstanceOf(ProtoException.class);
    assertThatThrownBy(() -> ProtoFiles.load(dir.resolve("none.proto").toString())).isInstanceOf(ProtoException.class);
  }
}
