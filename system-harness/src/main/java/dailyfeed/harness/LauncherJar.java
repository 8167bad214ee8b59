package dailyfeed.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The launcher's runnable jar as the build leaves it, found by name pattern so that no version is repeated here. */
public final class LauncherJar {

    private LauncherJar() {
    }

    /** {@code launcher/target/launcher-*-exec.jar} below the repository root {@code home}; fails if it is not built. */
    public static Path in(Path home) {
        Path target = home.resolve("launcher").resolve("target");
        List<Path> jars;
        try (Stream<Path> files = Files.isDirectory(target) ? Files.list(target) : Stream.empty()) {
            jars = files.filter(file -> file.getFileName().toString().matches("launcher-.+-exec\\.jar")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (jars.size() != 1) {
            throw new IllegalStateException("Not built (or built twice): launcher-*-exec.jar in " + target
                    + " (found " + jars.size() + "). Run ./mvnw verify from the repository root.");
        }
        return jars.get(0);
    }
}
