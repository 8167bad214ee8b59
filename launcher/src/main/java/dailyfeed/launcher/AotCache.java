package dailyfeed.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The ahead-of-time cache of one component's JVM (Java 25 and newer: JEP 483, 514, 515), which holds its classes
 * loaded and linked and their profiles from an earlier run, so a start skips most of that work. It needs the exec
 * jar extracted into a plain jar and a {@code lib/} folder (a JVM cannot cache classes read from nested jars), which
 * is done once per jar into {@code <module>/target/aot/<key>/}: the key names the jar (its content), the JDK and
 * the JVM options, so a rebuild, another JDK or other options get a folder of their own and never a stale cache.
 * A service's jar is extracted by Spring Boot's tool ({@link #bootTools}); the broker's class path, which comes
 * from the launcher's jar, by {@link BrokerJar}.
 *
 * <p>A start with no cache yet records what the JVM loads ({@code -XX:AOTMode=record}; the JVM writes the
 * configuration as it exits); the launcher assembles the cache from it after it has stopped everything, once per
 * build. A start with a cache that does not fit (moved jars, another JVM) is only slower: the JVM warns and goes
 * on without it.
 */
final class AotCache {

    /** The first Java release with the {@code -XX:AOTCache} family of options. */
    static final int FIRST_JAVA = 25;

    static final String CACHE_FILE = "app.aot";
    static final String CONFIGURATION_FILE = "app.aotconf";
    private static final String ASSEMBLING_FILE = "assembling.aot";
    static final String APPLICATION_JAR = "application.jar";
    private static final long EXTRACT_MINUTES = 3;
    private static final long ASSEMBLE_MINUTES = 5;
    /**
     * How long a recording JVM may take to stop: it writes its configuration as it exits, which took up to 20 s on
     * a busy two-core machine, and a configuration cut short by a kill is useless.
     */
    static final Duration RECORDING_STOP_GRACE = Duration.ofMinutes(2);

    private final Path folder;

    private AotCache(Path folder) {
        this.folder = folder;
    }

    /** Whether a JVM of this version understands the options this class passes. */
    static boolean supportedBy(Runtime.Version java) {
        return java.feature() >= FIRST_JAVA;
    }

    /** The cache of {@code execJar} for this JDK and these JVM options; nothing is read or written yet. */
    static AotCache of(Path execJar, Runtime.Version java, List<String> jvmOptions) throws IOException {
        return new AotCache(
                execJar.toAbsolutePath().getParent().resolve("aot").resolve(key(execJar, java, jvmOptions)));
    }

    /**
     * What tells caches apart: the jar's name and content, the exact JDK and the JVM options, e.g.
     * {@code gateway-0.1.0-SNAPSHOT-exec-3f2a…-java25.0.3+9-LTS-1a2b3c4d}. The content is read from the jar's
     * directory (each entry's name, size and CRC), which is quick and, unlike the file's time, survives a rebuild
     * that changed nothing.
     */
    static String key(Path execJar, Runtime.Version java, List<String> jvmOptions) throws IOException {
        String name = execJar.getFileName().toString().replaceFirst("\\.jar$", "");
        return "%s-%s-java%s-%08x"
                .formatted(
                        name,
                        contentDigest(execJar),
                        java,
                        String.join(" ", jvmOptions).hashCode());
    }

    private static String contentDigest(Path jar) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry entry : Collections.list(zip.entries())) {
                digest.update((entry.getName() + ' ' + entry.getSize() + ' ' + entry.getCrc() + '\n')
                        .getBytes(StandardCharsets.UTF_8));
            }
        }
        return HexFormat.of().formatHex(digest.digest(), 0, 8);
    }

    Path folder() {
        return folder;
    }

    /** How a jar is written out for a cache: into the (empty, temporary) folder given. */
    @FunctionalInterface
    interface Extraction {
        void into(Path folder) throws IOException, InterruptedException;
    }

    /**
     * A Spring Boot exec jar extracted with Boot's own tool ({@code -Djarmode=tools extract}) into {@code
     * application.jar} and {@code lib/}.
     */
    static Extraction bootTools(String java, Path execJar) {
        return folder -> run(
                List.of(
                        java,
                        "-Djarmode=tools",
                        "-jar",
                        execJar.toString(),
                        "extract",
                        "--force",
                        "--application-filename",
                        APPLICATION_JAR,
                        "--destination",
                        folder.toString()),
                folder.resolve("extract.log"),
                EXTRACT_MINUTES);
    }

    /**
     * Extracts the jar into this cache's folder unless that was done before, into a temporary folder first, so that a
     * second launcher never sees half of it; then deletes the folders of older keys.
     */
    void extract(Extraction extraction) throws IOException, InterruptedException {
        if (Files.isRegularFile(applicationJar())) {
            return;
        }
        Path root = folder.getParent();
        Files.createDirectories(root);
        Path extracting = Files.createTempDirectory(root, "extracting-");
        try {
            extraction.into(extracting);
            try {
                Files.move(extracting, folder, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException notMoved) {
                if (!Files.isRegularFile(applicationJar())) {
                    throw notMoved;
                }
                // another launcher extracted the same jar first: its copy is as good as ours
            }
        } finally {
            deleteTree(extracting);
        }
        deleteOtherKeys();
    }

    /**
     * How the JVM runs the extracted jar: from the cache when there is one; recording for it when {@code records}
     * (one process per cache: two would write the same configuration); plainly otherwise.
     */
    List<String> launchArguments(boolean records) {
        List<String> arguments = new ArrayList<>();
        if (Files.isRegularFile(cacheFile())) {
            arguments.add("-XX:AOTCache=" + cacheFile());
        } else if (records) {
            // what the recording cannot keep (proxies, classes of other loaders) is normal, not worth a log line each
            arguments.add("-Xlog:aot*=error,cds*=error");
            arguments.add("-XX:AOTMode=record");
            arguments.add("-XX:AOTConfiguration=" + configurationFile());
        }
        arguments.addAll(List.of("-jar", applicationJar().toString()));
        return arguments;
    }

    /** Whether {@link #launchArguments} with these arguments records (and so needs time to stop). */
    static boolean records(List<String> launchArguments) {
        return launchArguments.contains("-XX:AOTMode=record");
    }

    /** Whether a recording run has left a configuration to assemble a cache from. */
    boolean hasRecording() {
        return Files.isRegularFile(configurationFile()) && !Files.isRegularFile(cacheFile());
    }

    /**
     * Assembles the cache from the recorded configuration with the same JVM options the service ran with, into a
     * temporary file renamed when complete: a cache file is whole or absent.
     */
    void assemble(String java, List<String> jvmOptions) throws IOException, InterruptedException {
        Path assembling = folder.resolve(ASSEMBLING_FILE);
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmOptions);
        command.addAll(List.of(
                "-Xlog:aot*=error,cds*=error",
                "-XX:AOTMode=create",
                "-XX:AOTConfiguration=" + configurationFile(),
                "-XX:AOTCache=" + assembling,
                "-cp",
                applicationJar().toString()));
        try {
            run(command, folder.resolve("assemble.log"), ASSEMBLE_MINUTES);
            Files.move(assembling, cacheFile(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(assembling);
            Files.deleteIfExists(configurationFile());
        }
    }

    Path cacheFile() {
        return folder.resolve(CACHE_FILE);
    }

    private Path configurationFile() {
        return folder.resolve(CONFIGURATION_FILE);
    }

    private Path applicationJar() {
        return folder.resolve(APPLICATION_JAR);
    }

    private static void run(List<String> command, Path log, long minutes) throws IOException, InterruptedException {
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
            throw new IOException("took longer than " + minutes + " min: " + String.join(" ", command));
        }
        if (process.exitValue() != 0) {
            throw new IOException("exit code " + process.exitValue() + " of " + String.join(" ", command) + ": "
                    + String.join(" | ", ChildProcess.tail(log, 5)));
        }
    }

    /** Older keys of the same jar are stale for good: their jar was rebuilt, or the JDK or the options changed. */
    private void deleteOtherKeys() throws IOException {
        try (DirectoryStream<Path> keys = Files.newDirectoryStream(folder.getParent())) {
            for (Path key : keys) {
                if (!key.equals(folder) && !key.getFileName().toString().startsWith("extracting-")) {
                    deleteTree(key);
                }
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
