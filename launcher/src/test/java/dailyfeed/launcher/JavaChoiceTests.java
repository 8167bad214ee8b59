package dailyfeed.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JDK that {@code ./dailyfeed up} runs on, as {@code ./dailyfeed java} tells it, among made-up JDK folders. */
class JavaChoiceTests {

    @TempDir
    Path jvms;

    @Test
    void theNewestJdkOf25OrLaterInTheJvmFolderWins() throws Exception {
        jdk("java-17-openjdk", "17.0.15");
        jdk("temurin-25-jdk", "25.0.3");
        jdk("temurin-26-jdk", "26");
        jdk("java-1.8.0", "1.8.0_402");

        Answer answer = choose(Map.of());

        assertThat(answer.java())
                .isEqualTo(jvms.resolve("temurin-26-jdk/bin/java").toString());
        assertThat(answer.message()).isEmpty();
    }

    @Test
    void aJavaHomeOf25OrLaterComesBeforeTheJvmFolder() throws Exception {
        jdk("temurin-26-jdk", "26");
        Path home = jdk("own/jdk-25", "25.0.1");

        assertThat(choose(Map.of("JAVA_HOME", home.toString())).java())
                .isEqualTo(home.resolve("bin/java").toString());
    }

    @Test
    void aJavaHomeOlderThan25IsPassedOverForA25() throws Exception {
        Path home = jdk("own/jdk-17", "17.0.15");
        jdk("temurin-25-jdk", "25.0.3");

        assertThat(choose(Map.of("JAVA_HOME", home.toString())).java())
                .isEqualTo(jvms.resolve("temurin-25-jdk/bin/java").toString());
    }

    @Test
    void withoutA25ItIsTheJavaOnThePathAndALineSaysWhatToInstall() throws Exception {
        jdk("java-17-openjdk", "17.0.15");

        Answer answer = choose(Map.of());

        assertThat(answer.java()).isEqualTo("java");
        assertThat(answer.message()).contains("no JDK 25 or newer").contains("install one");
    }

    @Test
    void aJdkChosenByNameWinsOverEverything() throws Exception {
        jdk("temurin-25-jdk", "25.0.3");
        Path chosen = jdk("java-17-openjdk", "17.0.15");

        assertThat(choose(Map.of("DAILYFEED_JAVA_HOME", chosen.toString())).java())
                .isEqualTo(chosen.resolve("bin/java").toString());
    }

    private record Answer(String java, String message) {}

    private Answer choose(Map<String, String> environment) throws IOException, InterruptedException {
        Path script = DocumentationLinksTests.repositoryRoot().resolve("dailyfeed");
        ProcessBuilder builder = new ProcessBuilder("bash", script.toString(), "java");
        builder.environment().remove("JAVA_HOME");
        builder.environment().remove("DAILYFEED_JAVA_HOME");
        builder.environment().put("DAILYFEED_JVM_FOLDER", jvms.toString());
        builder.environment().putAll(environment);
        Path errors = Files.createTempFile(jvms, "stderr", ".txt");
        builder.redirectError(errors.toFile());
        Process process = builder.start();
        String java = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        return new Answer(java, Files.readString(errors).strip());
    }

    /** A folder that looks like a JDK to the script: a release file and an executable bin/java. */
    private Path jdk(String folder, String version) throws IOException {
        Path home = jvms.resolve(folder);
        Files.createDirectories(home.resolve("bin"));
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"test\"\nJAVA_VERSION=\"" + version + "\"\n");
        Path java = Files.writeString(home.resolve("bin/java"), "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return home;
    }
}
