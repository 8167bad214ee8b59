package dailyfeed.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dailyfeed.harness.FreePorts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The image tarballs this module's {@code package} wrote (target/images/<service>.tar), opened as a container runtime
 * would: each runs its service's jar, as a user that is not root, exposes the port the service listens on, and holds a
 * Java runtime that starts on the image's own libraries alone. The images are built on the self-contained base (the
 * default); a build with {@code -Dimage.base} is checked with {@code package}, not with these tests.
 */
class ImagesIntegrationTests {

    private static final Path IMAGES = Path.of(System.getProperty("images.dir", "target/images"));
    private static final Path HOME = Path.of(System.getProperty("dailyfeed.home", "../.."));
    /** Where the base keeps java (the build's image.java property). */
    private static final String JAVA = System.getProperty("image.java", "/opt/java/bin/java");

    private static final String LOADER = "/lib64/ld-linux-x86-64.so.2";
    private static final Pattern DEFAULT_PORT = Pattern.compile("(?m)^server\\.port=\\$\\{PORT:(\\d+)}$");
    private static final Pattern LIBRARY_LOADED = Pattern.compile("calling init: (\\S+)");

    @TempDir
    static Path unpacked;

    private static final Map<String, ImageArchive> IMAGES_BY_SERVICE = new HashMap<>();

    @ParameterizedTest
    @ValueSource(strings = {"member-service", "content-service", "activity-service", "gateway"})
    void runsTheServicesJarAsAUserThatIsNotRootAndExposesItsPort(String service) throws IOException {
        ImageArchive image = image(service);

        assertThat(image.repoTags()).singleElement().asString().matches("(.+/)?" + service + ":.+");
        assertThat(image.config().at("/config/Entrypoint").valueStream().map(node -> node.asString()))
                .containsExactly(JAVA, "-jar", "/app/" + service + ".jar");
        assertThat(image.config().at("/config/Cmd").isMissingNode()
                        || image.config().at("/config/Cmd").isNull())
                .as("no Cmd: arguments given to the container go to the service")
                .isTrue();

        String user = image.config().at("/config/User").asString();
        assertThat(user).as("User").matches("\\d+(:\\d+)?"); // numeric: runAsNonRoot can check it
        String uid = user.split(":")[0];
        assertThat(Integer.parseInt(uid)).as("uid").isPositive();
        assertThat(Files.readAllLines(image.file("/etc/passwd")))
                .as("/etc/passwd names the user (Java reads user.name and user.home from it)")
                .anyMatch(line -> line.split(":")[2].equals(uid) && !line.startsWith("root:"));

        assertThat(image.config().at("/config/ExposedPorts").propertyNames())
                .containsExactly(defaultPort(service) + "/tcp");
    }

    @ParameterizedTest
    @ValueSource(strings = {"member-service", "content-service", "activity-service", "gateway"})
    void holdsTheServicesMainClassAndEveryLibraryItsJarNames(String service) throws IOException {
        ImageArchive image = image(service);
        Path jar = image.file("/app/" + service + ".jar");
        assertThat(jar).isRegularFile();
        try (JarFile application = new JarFile(jar.toFile())) {
            Manifest manifest = application.getManifest();
            String main = manifest.getMainAttributes().getValue("Main-Class");
            assertThat(main).as("Main-Class").startsWith("dailyfeed.");
            assertThat(application.getEntry(main.replace('.', '/') + ".class"))
                    .as(main)
                    .isNotNull();
            List<String> classPath = Arrays.asList(
                    manifest.getMainAttributes().getValue("Class-Path").split(" "));
            assertThat(classPath).as("Class-Path").hasSizeGreaterThan(20);
            assertThat(classPath)
                    .allSatisfy(library -> assertThat(image.modes())
                            .as("a layer holds /app/" + library)
                            .containsKey("/app/" + library));
        }
        // the released libraries apart from the application: a new version of the service changes a small layer only
        assertThat(image.layers()).as("layers").isGreaterThanOrEqualTo(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"member-service", "content-service", "activity-service", "gateway"})
    void startsJavaWithNothingButTheImagesOwnFiles(String service) throws Exception {
        ImageArchive image = image(service);
        assertThat(image.modes().get(LOADER)).as(LOADER + " executable").isEqualTo(0755);
        assertThat(image.modes().get(JAVA)).as(JAVA + " executable").isEqualTo(0755);
        assertThat(image.modes().get("/tmp")).as("/tmp writable by the user").isEqualTo(0777);

        // The image's dynamic loader runs the image's java with the image's libraries; LD_DEBUG=libs names every
        // shared library it loads, including those the JVM opens itself (libjvm, libjava), and all must be the image's.
        Result java = run(
                Map.of("LD_DEBUG", "libs"),
                image.file(LOADER).toString(),
                "--library-path",
                image.file("/lib/x86_64-linux-gnu") + ":" + image.file("/usr/lib/x86_64-linux-gnu"),
                image.file(JAVA).toString(),
                "-XshowSettings:properties",
                "-version");
        assertThat(java.exitCode()).as(java.output()).isZero();
        assertThat(java.output())
                .contains("java.home = " + image.file(JAVA).getParent().getParent());
        List<String> loaded = LIBRARY_LOADED
                .matcher(java.output())
                .results()
                .map(match -> match.group(1))
                .toList();
        assertThat(loaded).anyMatch(library -> library.endsWith("/libc.so.6"));
        assertThat(loaded).anyMatch(library -> library.endsWith("/libjvm.so"));
        assertThat(loaded).allMatch(library -> Path.of(library).startsWith(image.root()));
    }

    /**
     * The gateway, the one deployable that starts without a database or Kafka, started from its image's files on its
     * image's runtime and libraries, with its image's JVM options: the linked modules are enough for Spring Boot, its
     * web server, security and actuator, and the liveness probe answers.
     */
    @Test
    void theGatewayStartsFromItsImageAndAnswersItsLivenessProbe() throws Exception {
        ImageArchive image = image("gateway");
        int port = new FreePorts().free();
        String javaOptions = image.config()
                .at("/config/Env")
                .valueStream()
                .map(node -> node.asString())
                .filter(variable -> variable.startsWith("JAVA_TOOL_OPTIONS="))
                .map(variable -> variable.substring("JAVA_TOOL_OPTIONS=".length()))
                .findFirst()
                .orElseThrow();
        assertThat(javaOptions).contains("-XX:MaxRAMPercentage=");
        List<String> command = new ArrayList<>(List.of(
                image.file(LOADER).toString(),
                "--library-path",
                image.file("/lib/x86_64-linux-gnu").toString()));
        image.config()
                .at("/config/Entrypoint")
                .valueStream()
                .forEach(argument -> command.add(
                        argument.asString().startsWith("/")
                                ? image.file(argument.asString()).toString()
                                : argument.asString()));
        ProcessBuilder gateway = new ProcessBuilder(command)
                .directory(image.file("/app").toFile())
                .redirectErrorStream(true);
        // the image's options, and the C1 compiler alone, which starts a service about twice as fast on few cores
        gateway.environment().put("JAVA_TOOL_OPTIONS", javaOptions + " -XX:TieredStopAtLevel=1");
        gateway.environment().put("PORT", Integer.toString(port));
        Process process = gateway.start();
        try {
            List<String> log = new ArrayList<>();
            assertTimeoutPreemptively(
                    Duration.ofMinutes(2), () -> awaitLine(process, "Started GatewayApplication", log));
            HttpResponse<String> liveness = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health/liveness"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(liveness.statusCode()).as(String.join("\n", log)).isEqualTo(200);
            assertThat(String.join("\n", log)).contains("Picked up JAVA_TOOL_OPTIONS: " + javaOptions + " ");
        } finally {
            process.destroy();
            process.waitFor();
        }
    }

    private static void awaitLine(Process process, String wanted, List<String> log) throws IOException {
        BufferedReader output =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        for (String line = output.readLine(); line != null; line = output.readLine()) {
            log.add(line);
            if (line.contains(wanted)) {
                return;
            }
        }
        throw new AssertionError("the gateway ended before \"" + wanted + "\":\n" + String.join("\n", log));
    }

    /** The port a service listens on when PORT is not set: {@code server.port=${PORT:8081}}. */
    private static int defaultPort(String service) throws IOException {
        String properties = Files.readString(
                HOME.resolve("services").resolve(service).resolve("src/main/resources/application.properties"));
        Matcher port = DEFAULT_PORT.matcher(properties);
        assertThat(port.find()).as(service + ": server.port=${PORT:<port>}").isTrue();
        return Integer.parseInt(port.group(1));
    }

    /** Each tarball is unpacked once, for all the tests that look inside it. */
    private static synchronized ImageArchive image(String service) {
        return IMAGES_BY_SERVICE.computeIfAbsent(service, name -> {
            Path tarball = IMAGES.resolve(name + ".tar");
            assertThat(tarball)
                    .as("run `./mvnw package` in operations/images first")
                    .isRegularFile();
            try {
                return ImageArchive.unpack(tarball, Files.createDirectories(unpacked.resolve(name)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private record Result(int exitCode, String output) {}

    private static Result run(Map<String, String> environment, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(process.waitFor(), output);
    }
}
