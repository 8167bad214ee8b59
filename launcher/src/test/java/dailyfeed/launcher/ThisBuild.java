package dailyfeed.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** What this module's build made before its integration tests run. */
final class ThisBuild {

    private ThisBuild() {}

    /** The launcher's exec jar that {@code package} wrote to {@code target/}. */
    static Path execJar() throws IOException {
        try (Stream<Path> jars = Files.list(Path.of("target"))) {
            List<Path> exec = jars.filter(jar -> jar.getFileName().toString().matches("launcher-.*-exec\\.jar"))
                    .toList();
            assertThat(exec).as("the launcher's exec jar in target/").hasSize(1);
            return exec.get(0);
        }
    }
}
