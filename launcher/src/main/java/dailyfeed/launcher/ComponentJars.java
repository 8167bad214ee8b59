package dailyfeed.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the runnable jar of a component by {@linkplain Component#jarPattern() name pattern}, so that no version is
 * repeated outside the poms; the newest if several versions lie there.
 */
public final class ComponentJars {

    private ComponentJars() {}

    /** The newest {@code <folder>/target/<module>-*-exec.jar} under the repository root {@code home}, if built. */
    public static Optional<Path> newest(Path home, Component component) {
        Path target = home.resolve(component.folder()).resolve("target");
        if (!Files.isDirectory(target)) {
            return Optional.empty();
        }
        String prefix = component.moduleName() + "-";
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(file -> {
                        String fileName = file.getFileName().toString();
                        return fileName.startsWith(prefix) && fileName.endsWith("-exec.jar");
                    })
                    .max(Comparator.comparing(file -> file.toFile().lastModified()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
