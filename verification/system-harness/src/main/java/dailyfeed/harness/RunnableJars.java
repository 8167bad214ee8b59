package dailyfeed.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The runnable jars the build leaves, {@code <folder>/target/<module>-*-exec.jar} (for example
 * {@code services/gateway/target/gateway-*-exec.jar}), found by name pattern so that no version is repeated outside the
 * poms; the newest if several versions lie there, as the launcher picks them.
 */
public final class RunnableJars {

    private RunnableJars() {}

    /**
     * The runnable jar of the module in {@code folder} (relative to the repository root {@code home}, e.g.
     * {@code "launcher"} or {@code "services/gateway"}); fails if it is not built.
     */
    public static Path of(Path home, String folder) {
        String module = Path.of(folder).getFileName().toString();
        Path target = home.resolve(folder).resolve("target");
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
