package dailyfeed.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Zipkin's server, the trace backend of {@code up --tracing}: its runnable jar is copied by the launcher's build (from
 * Maven Central, never at run time), it keeps spans in memory and serves its UI and API on {@code port} (Zipkin's
 * default, 9411, unless {@code --zipkin-port} says otherwise).
 */
record ZipkinServer(int port) {

    static final int DEFAULT_PORT = 9411;

    String url() {
        return "http://localhost:" + port;
    }

    /** Where a person looks at the traces. */
    String ui() {
        return url() + "/zipkin/";
    }

    /** {@code launcher/target/zipkin/zipkin-server-exec.jar} under the repository root, if the build copied it. */
    static Optional<Path> jar(Path home) {
        Path jar = home.resolve("launcher/target/zipkin/zipkin-server-exec.jar");
        return Files.isRegularFile(jar) ? Optional.of(jar) : Optional.empty();
    }

    /** The command that runs it: a small heap is plenty for the spans of one machine's system. */
    static List<String> command(Path jar) {
        return List.of(JavaCommand.executable(), "-Xmx256m", "-XX:+UseSerialGC", "-jar", jar.toString());
    }

    /** Its own settings (Zipkin reads environment variables): the port, and spans kept in memory. */
    Map<String, String> environment() {
        return Map.of("QUERY_PORT", Integer.toString(port), "STORAGE_TYPE", "mem");
    }

    /** What each service and gateway is given so that its spans go to this server (Zipkin's JSON v2 API). */
    Map<String, String> clientEnvironment() {
        return Map.of("DAILYFEED_TRACING_ENDPOINT", url() + "/api/v2/spans", "DAILYFEED_TRACING_PROTOCOL", "zipkin");
    }
}
