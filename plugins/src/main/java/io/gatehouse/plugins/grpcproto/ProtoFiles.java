package io.gatehouse.plugins.grpcproto;

import com.google.api.AnnotationsProto;
import com.google.api.HttpBodyProto;
import com.google.api.HttpProto;
import com.google.api.HttpRule;
import com.google.protobuf.AnyProto;
import com.google.protobuf.ApiProto;
import com.google.protobuf.DescriptorProtos;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MethodOptions;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.google.protobuf.DurationProto;
import com.google.protobuf.EmptyProto;
import com.google.protobuf.ExtensionRegistry;
import com.google.protobuf.FieldMaskProto;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.SourceContextProto;
import com.google.protobuf.StructProto;
import com.google.protobuf.TimestampProto;
import com.google.protobuf.TypeProto;
import com.google.protobuf.WrappersProto;
import com.squareup.wire.schema.ErrorCollector;
import com.squareup.wire.schema.Linker;
import com.squareup.wire.schema.ProtoFile;
import com.squareup.wire.schema.Schema;
import com.squareup.wire.schema.internal.SchemaEncoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Reads a {@code .proto} file into protobuf descriptors, as Kong's {@code kong/tools/grpc.lua} does
 * with lua-protobuf's compiler. The file is parsed and linked by wire-schema; imports are looked up
 * ({@link IncludePath}, first found wins) in Kong's include directories ({@code /usr/local/kong/include},
 * {@code /usr/include}), then the file's own directory, then the classpath: {@code google/api/*.proto}
 * from Google's common protos, and the well-known {@code google/protobuf/*.proto} from wire. Each file is encoded as a
 * {@code FileDescriptorProto} and built with protobuf-java, reusing protobuf-java's own descriptors
 * for the well-known types and {@code google.api.http} so that JSON and the HTTP rules read them as
 * their generated classes do.
 *
 * <p>Results are cached by the file's absolute path and modification time (Kong caches by name for
 * the life of the worker); a change of an imported file alone is not noticed.
 */
public final class ProtoFiles {
  /** Kong's search path before the file's own directory ({@code kong/tools/grpc.lua}), where present. */
  private static final List<String> INCLUDES = List.of("/usr/local/kong/include", "/usr/include");
  private static final Map<String, FileDescriptor> BUILT_IN = builtIn();
  private static final ExtensionRegistry HTTP_OPTION = ExtensionRegistry.newInstance();
  private static final Map<Path, Cached> CACHE = new ConcurrentHashMap<>();

  static {
    HTTP_OPTION.add(AnnotationsProto.http);
  }

  private record Cached(long modified, ProtoSchema schema) {}

  private ProtoFiles() {}

  /**
   * The rpcs of {@code file} (a path, relative to the working directory or absolute).
   *
   * @throws ProtoException when it cannot be read, parsed or linked
   */
  public static ProtoSchema load(String file) throws ProtoException {
    Path path = Path.of(file).toAbsolutePath().normalize();
    long modified;
    try {
      modified = Files.getLastModifiedTime(path).toMillis();
    } catch (IOException e) {
      throw new ProtoException("cannot read " + file, e);
    }
    Cached c = CACHE.get(path);
    if (c != null && c.modified == modified) return c.schema;
    ProtoSchema schema = parse(path);
    CACHE.put(path, new Cached(modified, schema));
    return schema;
  }

  private static ProtoSchema parse(Path path) throws ProtoException {
    String dir = path.getParent().toString();
    String name = path.getFileName().toString();
    Schema schema;
    try {
      List<String> directories = new ArrayList<>(INCLUDES);
      directories.add(dir);
      Map<String, ProtoFile> known = new HashMap<>();
      ProtoFile source = IncludePath.parse(dir, name, Files.readString(path, StandardCharsets.UTF_8));
      known.put(name, source);
      ErrorCollector errors = new ErrorCollector();
      // imports linked whole (loadExhaustively): their services and every field, not only what the file uses
      Linker linker = new Linker(new IncludePath(IncludePath.of(directories, List.of(HttpRule.class)), known), errors,
          false, true);
      schema = linker.link(List.of(source));
      errors.throwIfNonEmpty();
    } catch (Exception e) { // wire's Kotlin code throws IOException undeclared, and SchemaException for bad files
      throw new ProtoException("failed to parse " + path + ": " + e.getMessage(), e);
    }
    Map<String, FileDescriptor> built = new HashMap<>(BUILT_IN);
    FileDescriptor top = build(schema, new SchemaEncoder(schema), name, built, new HashSet<>());
    List<GrpcMethod> methods = new ArrayList<>();
    collect(top, methods, new HashSet<>());
    return new ProtoSchema(methods);
  }

  /** The file's rpcs, after those of the files it imports publicly (Kong's each_method with recurse). */
  private static void collect(FileDescriptor file, List<GrpcMethod> out, Set<String> seen) throws ProtoException {
    if (!seen.add(file.getName())) return;
    for (FileDescriptor dep : file.getPublicDependencies()) collect(dep, out, seen);
    for (ServiceDescriptor service : file.getServices()) {
      for (MethodDescriptor m : service.getMethods()) {
        out.add(new GrpcMethod("/" + service.getFullName() + "/" + m.getName(), m.getInputType(), m.getOutputType(),
            httpRule(m)));
      }
    }
  }

  private static @Nullable HttpRule httpRule(MethodDescriptor m) throws ProtoException {
    try {
      MethodOptions options = MethodOptions.parseFrom(m.getOptions().toByteString(), HTTP_OPTION);
      return options.hasExtension(AnnotationsProto.http) ? options.getExtension(AnnotationsProto.http) : null;
    } catch (InvalidProtocolBufferException e) {
      throw new ProtoException("bad google.api.http option on " + m.getFullName(), e);
    }
  }

  private static FileDescriptor build(Schema schema, SchemaEncoder encoder, String name, Map<String, FileDescriptor> built,
      Set<String> building) throws ProtoException {
    FileDescriptor done = built.get(name);
    if (done != null) return done;
    if (!building.add(name)) throw new ProtoException("import cycle through " + name);
    ProtoFile file = schema.protoFile(name);
    if (file == null) throw new ProtoException("cannot find " + name);
    try {
      FileDescriptorProto proto = FileDescriptorProto.parseFrom(encoder.encode(file).toByteArray());
      FileDescriptor[] deps = new FileDescriptor[proto.getDependencyCount()];
      for (int i = 0; i < deps.length; i++) deps[i] = build(schema, encoder, proto.getDependency(i), built, building);
      FileDescriptor d = FileDescriptor.buildFrom(proto, deps);
      built.put(name, d);
      return d;
    } catch (InvalidProtocolBufferException | DescriptorValidationException | RuntimeException e) {
      throw new ProtoException("failed to load " + name + ": " + e.getMessage(), e);
    }
  }

  private static Map<String, FileDescriptor> builtIn() {
    Map<String, FileDescriptor> m = new HashMap<>();
    for (FileDescriptor d : List.of(DescriptorProtos.getDescriptor(), AnyProto.getDescriptor(), ApiProto.getDescriptor(),
        DurationProto.getDescriptor(), EmptyProto.getDescriptor(), FieldMaskProto.getDescriptor(),
        SourceContextProto.getDescriptor(), StructProto.getDescriptor(), TimestampProto.getDescriptor(),
        TypeProto.getDescriptor(), WrappersProto.getDescriptor(), AnnotationsProto.getDescriptor(),
        HttpProto.getDescriptor(), HttpBodyProto.getDescriptor())) {
      m.put(d.getName(), d);
    }
    return Map.copyOf(m);
  }
}
