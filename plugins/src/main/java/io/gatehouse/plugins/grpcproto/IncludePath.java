package io.gatehouse.plugins.grpcproto;

import com.squareup.wire.schema.CoreLoader;
import com.squareup.wire.schema.CoreLoaderKt;
import com.squareup.wire.schema.ErrorCollector;
import com.squareup.wire.schema.Loader;
import com.squareup.wire.schema.Location;
import com.squareup.wire.schema.ProtoFile;
import com.squareup.wire.schema.internal.parser.ProtoFileElement;
import com.squareup.wire.schema.internal.parser.ProtoParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * wire-schema's {@link Loader} over an ordered search path, as lua-protobuf's compiler searches
 * Kong's: the first directory holding an import wins (wire's own loader would call an import found
 * twice ambiguous, and users often keep copies of {@code google/api/*.proto} beside their file).
 * Directories and jars (a jar on the classpath is read as a zip file system, kept open).
 */
final class IncludePath implements Loader {
  private static final Map<Path, Path> JAR_ROOTS = new ConcurrentHashMap<>();

  private final List<Path> roots;
  private final Map<String, ProtoFile> known;
  private final @Nullable ErrorCollector errors;

  IncludePath(List<Path> roots, Map<String, ProtoFile> known) {
    this(roots, known, null);
  }

  private IncludePath(List<Path> roots, Map<String, ProtoFile> known, @Nullable ErrorCollector errors) {
    this.roots = List.copyOf(roots);
    this.known = known;
    this.errors = errors;
  }

  /** The directories that exist, in order, then the jars or class directories of these classes. */
  static List<Path> of(List<String> directories, List<Class<?>> classpath) {
    List<Path> out = new ArrayList<>();
    for (String d : directories) {
      Path p = Path.of(d);
      if (Files.isDirectory(p)) out.add(p);
    }
    for (Class<?> type : classpath) {
      Path root = classRoot(type);
      if (root != null) out.add(root);
    }
    return out;
  }

  /** Parses a file's text as {@code path} under {@code base}. */
  static ProtoFile parse(String base, String path, String text) {
    ProtoFileElement element = ProtoParser.Companion.parse(Location.get(base, path), text);
    return ProtoFile.Companion.get(element);
  }

  @Override
  public ProtoFile load(String path) {
    ProtoFile done = known.get(path);
    if (done != null) return done;
    for (Path root : roots) {
      Path file = root.resolve(path);
      if (Files.isRegularFile(file)) {
        try {
          ProtoFile parsed = parse(root.toString(), path, Files.readString(file, StandardCharsets.UTF_8));
          known.put(path, parsed);
          return parsed;
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read " + file, e);
        }
      }
    }
    if (CoreLoaderKt.isWireRuntimeProto(path)) return CoreLoader.INSTANCE.load(path); // the well-known types
    if (errors != null) errors.plusAssign("unable to find " + path + " in " + roots);
    return ProtoFile.Companion.get(ProtoFileElement.Companion.empty(path));
  }

  @Override
  public Loader withErrors(ErrorCollector errors) {
    return new IncludePath(roots, known, errors);
  }

  /** The root of the jar or class directory a class was loaded from, or null when unknown. */
  private static @Nullable Path classRoot(Class<?> type) {
    try {
      var source = type.getProtectionDomain().getCodeSource();
      if (source == null) return null;
      Path location = Path.of(source.getLocation().toURI());
      if (Files.isDirectory(location)) return location;
      return JAR_ROOTS.computeIfAbsent(location, jar -> {
        try {
          FileSystem zip = FileSystems.newFileSystem(jar);
          return zip.getPath("/");
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (Exception e) {
      return null;
    }
  }
}
