package dailyfeed.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AotCacheTests {

    private static final Runtime.Version JAVA_25 = Runtime.Version.parse("25.0.3+9-LTS");
    private static final List<String> OPTIONS = List.of("-Xmx256m", "-XX:+UseSerialGC");

    @TempDir
    Path target;

    @Test
    void onlyJava25AndNewerHaveTheOptions() {
        assertThat(AotCache.supportedBy(Runtime.Version.parse("17.0.15"))).isFalse();
        assertThat(AotCache.supportedBy(Runtime.Version.parse("24"))).isFalse();
        assertThat(AotCache.supportedBy(JAVA_25)).isTrue();
        assertThat(AotCache.supportedBy(Runtime.Version.parse("26-ea"))).isTrue();
    }

    @Test
    void theCacheLiesBesideTheJarInAFolderNamedForJarJdkAndOptions() throws IOException {
        Path jar = jar("gateway-0.1.0-exec.jar", "v1");

        AotCache cache = AotCache.of(jar, JAVA_25, OPTIONS);

        assertThat(cache.folder().getParent()).isEqualTo(target.resolve("aot"));
        assertThat(cache.folder().getFileName().toString())
                .startsWith("gateway-0.1.0-exec-")
                .contains("-java25.0.3+9-LTS-");
    }

    @Test
    void aChangedJarAnotherJdkOrOtherOptionsGetAnotherCache() throws IOException {
        Path jar = jar("member-service-exec.jar", "v1");
        String key = AotCache.key(jar, JAVA_25, OPTIONS);

        assertThat(AotCache.key(jar, Runtime.Version.parse("25.0.4"), OPTIONS)).isNotEqualTo(key);
        assertThat(AotCache.key(jar, JAVA_25, List.of("-Xmx512m", "-XX:+UseSerialGC")))
                .isNotEqualTo(key);
        jar("member-service-exec.jar", "v2");
        assertThat(AotCache.key(jar, JAVA_25, OPTIONS)).isNotEqualTo(key);
    }

    @Test
    void aJarRebuiltWithTheSameContentKeepsItsCache() throws IOException {
        Path jar = jar("member-service-exec.jar", "v1");
        String key = AotCache.key(jar, JAVA_25, OPTIONS);

        // what ./dailyfeed does to every jar after a build
        Files.setLastModifiedTime(jar, FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));

        assertThat(AotCache.key(jar, JAVA_25, OPTIONS)).isEqualTo(key);
    }

    @Test
    void theFirstInstanceRecordsWhileThereIsNoCacheAndEveryInstanceUsesOneThatIs() throws IOException {
        AotCache cache = AotCache.of(jar("activity-service-exec.jar", "v1"), JAVA_25, OPTIONS);
        Path applicationJar = cache.folder().resolve("application.jar");

        assertThat(AotCache.records(cache.launchArguments(true))).isTrue();
        assertThat(cache.launchArguments(true))
                .containsExactly(
                        "-Xlog:aot*=error,cds*=error",
                        "-XX:AOTMode=record",
                        "-XX:AOTConfiguration=" + cache.folder().resolve(AotCache.CONFIGURATION_FILE),
                        "-jar",
                        applicationJar.toString());
        assertThat(cache.launchArguments(false)).containsExactly("-jar", applicationJar.toString());

        Files.createDirectories(cache.folder());
        Files.writeString(cache.cacheFile(), "cache");
        assertThat(cache.launchArguments(true))
                .containsExactly("-XX:AOTCache=" + cache.cacheFile(), "-jar", applicationJar.toString());
        assertThat(AotCache.records(cache.launchArguments(true))).isFalse();
        assertThat(cache.launchArguments(false)).first().isEqualTo("-XX:AOTCache=" + cache.cacheFile());
    }

    @Test
    void aRecordingIsWaitingForAssemblyOnlyUntilTheCacheExists() throws IOException {
        AotCache cache = AotCache.of(jar("content-service-exec.jar", "v1"), JAVA_25, OPTIONS);
        Files.createDirectories(cache.folder());
        assertThat(cache.hasRecording()).isFalse();

        Files.writeString(cache.folder().resolve(AotCache.CONFIGURATION_FILE), "recorded");
        assertThat(cache.hasRecording()).isTrue();

        Files.writeString(cache.cacheFile(), "cache");
        assertThat(cache.hasRecording()).isFalse();
    }

    @Test
    void aJarIsExtractedOnceAndItsFolderAppearsOnlyWhole() throws IOException, InterruptedException {
        AotCache cache = AotCache.of(jar("launcher-exec.jar", "v1"), JAVA_25, OPTIONS);
        AtomicInteger extractions = new AtomicInteger();
        AotCache.Extraction extraction = folder -> {
            extractions.incrementAndGet();
            assertThat(cache.folder())
                    .as("not there before the extraction is complete")
                    .doesNotExist();
            Files.writeString(folder.resolve(AotCache.APPLICATION_JAR), "classes");
        };

        cache.extract(extraction);
        cache.extract(extraction);

        assertThat(extractions).hasValue(1);
        assertThat(cache.folder().resolve(AotCache.APPLICATION_JAR)).hasContent("classes");
    }

    @Test
    void aFailedExtractionLeavesNoFolderBehind() throws IOException {
        AotCache cache = AotCache.of(jar("launcher-exec.jar", "v1"), JAVA_25, OPTIONS);

        assertThatThrownBy(() -> cache.extract(folder -> {
                    Files.writeString(folder.resolve(AotCache.APPLICATION_JAR), "half");
                    throw new IOException("disk full");
                }))
                .hasMessage("disk full");

        try (Stream<Path> left = Files.list(cache.folder().getParent())) {
            assertThat(left).isEmpty();
        }
    }

    /** A jar with one entry holding {@code content}. */
    private Path jar(String name, String content) throws IOException {
        Path jar = target.resolve(name);
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
            zip.putNextEntry(new ZipEntry("BOOT-INF/classes/application.properties"));
            zip.write(content.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return jar;
    }
}
