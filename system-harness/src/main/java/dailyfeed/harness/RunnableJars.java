package dailyfeed.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The runnable jars the build leaves, {@code <module>/target/<module>-*-exec.jar}, found by name pattern so that no
 * version is repeated outside the poms; the newest if several versions lie there, as the launcher picks them.
 */
public final class RunnableJars {

    private RunnableJars() {
    }

    /** The runnable jar of {@code module} below the repository root {@code home}; fails if it is not built. */
    public static Path of(Path home, String module) {
        Path target = home.resolve(module).resolve("target");
        Optional<Path> newest;
        try (Stream<Path> files = Files.isDirectory(target) ? Files.list(target) : Stream.empty()) {
            newest = files.filter(file -> file.getFileName().toString().startsWith(module + "-")
                            && file.getFileName().toString().endsWith("-exec.jar"))
                    .max(Comparator.comparing(file -> file.toFile().lastModified()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return newest.orElseThrow(() -> new IllegalStateException("Not built: " + target.resolve(module + "-*-exec.jar")
                + ". Run ./mvnw verify from the repository root."));
    }
}
