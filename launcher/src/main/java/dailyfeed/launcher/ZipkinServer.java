package dailyfeed.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Zipkin's server, the trace backend of {@code up --tracing}: its runnable jar is copied by the launcher's build (from
 * Maven Central, never at run time), it keeps spans in memory and serves its UI and API on Zipkin's default port.
 */
final class ZipkinServer {

    static final int PORT = 9411;
    static final String URL = "http://localhost:" + PORT;
    /** Where the services send their spans (Zipkin's JSON v2 API). */
    static final String SPANS_ENDPOINT = URL + "/api/v2/spans";
    /** Where a person looks at the traces. */
    static final String UI = URL + "/zipkin/";

    private ZipkinServer() {}

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
    static Map<String, String> environment() {
        return Map.of("QUERY_PORT", Integer.toString(PORT), "STORAGE_TYPE", "mem");
    }

    /** What each service and gateway is given so that its spans go to this server. */
    static Map<String, String> clientEnvironment() {
        return Map.of("DAILYFEED_TRACING_ENDPOINT", SPANS_ENDPOINT, "DAILYFEED_TRACING_PROTOCOL", "zipkin");
    }
}
