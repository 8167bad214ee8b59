package dailyfeed.launcher;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.Optional;

/** What every JVM the launcher starts has in common: the java binary, the name on its command line, the launcher's code. */
public final class JavaCommand {

    /** Main class of the Spring Boot loader inside an exec jar, which can start any class of the jar. */
    static final String BOOT_PROPERTIES_LAUNCHER = "org.springframework.boot.loader.launch.PropertiesLauncher";

    private static final String NESTED_JAR = "jar:nested:";

    private JavaCommand() {}

    /** The java of the running JVM, so children use the same JDK as their parent. */
    public static String executable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * The JVM option that names a process, e.g. {@code -Ddailyfeed.component=activity-service-2}: a later run
     * recognises a leftover process as ours by it, matched as a whole word, so activity-service is not
     * activity-service-2.
     */
    public static String marker(String processName) {
        return "-Ddailyfeed.component=" + processName;
    }

    /** The exec jar the launcher's classes were loaded from; empty when they come from a folder or a plain jar. */
    static Optional<Path> execJar() {
        String location = location().toString();
        // inside a Boot exec jar the location is jar:nested:/path/app.jar/!BOOT-INF/classes/!/
        if (!location.startsWith(NESTED_JAR)) {
            return Optional.empty();
        }
        String path = location.substring(NESTED_JAR.length());
        // the path part is percent-encoded (a space is %20); a file: URI decodes it
        return Optional.of(Path.of(URI.create("file://" + path.substring(0, path.indexOf("/!BOOT-INF/")))));
    }

    /** The exec jar, plain jar or classes folder the launcher's classes were loaded from. */
    static Path codeSource() {
        try {
            return execJar().orElse(Path.of(location().toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the launcher's code", e);
        }
    }

    private static URL location() {
        return JavaCommand.class.getProtectionDomain().getCodeSource().getLocation();
    }
}
