package dailyfeed.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The data folder of one launcher: its lock, the logs and pid files of the children, their working folders, and what
 * an earlier launcher killed with SIGKILL left running in it.
 */
final class DataFolder {

    private static final String LOCK_FILE = "launcher.lock";

    private final Path root;
    private final PrintStream console;
    private FileLock lock;

    DataFolder(Path root, PrintStream console) {
        this.root = root;
        this.console = console;
    }

    /**
     * Takes the folder for this launcher: locks it, stops leftovers, empties it on {@code reset}, writes the
     * launcher's pid. False (with a message) when another launcher holds it.
     */
    boolean take(boolean reset) throws IOException {
        Files.createDirectories(root);
        FileChannel channel =
                FileChannel.open(root.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        lock = channel.tryLock();
        if (lock == null) {
            channel.close();
            console.println("dailyfeed: another dailyfeed is already running with data in " + root);
            return false;
        }
        stopLeftovers();
        if (reset) {
            try (Stream<Path> entries = Files.list(root)) {
                for (Path entry : entries.filter(
                                path -> !path.getFileName().toString().equals(LOCK_FILE))
                        .toList()) {
                    deleteRecursively(entry);
                }
            }
            console.println("dailyfeed: --reset: deleted the data in " + root);
        }
        Files.createDirectories(logs());
        Files.createDirectories(pids());
        Files.writeString(launcherPid(), ProcessHandle.current().pid() + System.lineSeparator());
        return true;
    }

    Path root() {
        return root;
    }

    Path logs() {
        return root.resolve("logs");
    }

    Path pids() {
        return root.resolve("pids");
    }

    /** The working folder of a child, also where PostgreSQL and Kafka keep their data. */
    Path workingFolderOf(String name) {
        return root.resolve(name);
    }

    Path logOf(String name) {
        return logs().resolve(name + ".log");
    }

    Path pidFileOf(String name) {
        return pids().resolve(name + ".pid");
    }

    /** Lets the next launcher have the folder; the lock would go with this process anyway. */
    void release() {
        if (lock != null) {
            try {
                lock.channel().close();
            } catch (IOException e) {
                // the lock goes away with the process anyway
            }
        }
    }

    /** After a stop: the launcher's pid file goes, then the lock. */
    void releaseAfterStop() {
        try {
            Files.deleteIfExists(launcherPid());
        } catch (IOException e) {
            // harmless: pid files are checked against the running process before use
        }
        release();
    }

    private Path launcherPid() {
        return pidFileOf("launcher");
    }

    /**
     * A launcher killed with SIGKILL cannot stop its children; they would hold the ports and files of this data
     * folder. We hold the folder's lock, so no live launcher owns them: stop them, but only processes whose command
     * line says they are that component of ours, and PostgreSQL last, after its clients.
     */
    private void stopLeftovers() throws IOException {
        if (Files.isDirectory(pids())) {
            stopLeftoverChildren();
        }
        EmbeddedPostgresServer.stopLeftoverServer(workingFolderOf("postgres"))
                .ifPresent(pid ->
                        console.println("dailyfeed: stopped postgres left over from an earlier run (pid " + pid + ")"));
    }

    private void stopLeftoverChildren() throws IOException {
        Map<String, ProcessHandle> leftovers = new LinkedHashMap<>();
        try (DirectoryStream<Path> pidFiles = Files.newDirectoryStream(pids(), "*.pid")) {
            for (Path pidFile : pidFiles) {
                String name = pidFile.getFileName().toString().replaceFirst("\\.pid$", "");
                String marker = JavaCommand.marker(name);
                readPid(pidFile)
                        .flatMap(ProcessHandle::of)
                        .filter(ProcessHandle::isAlive)
                        .filter(process -> process.info()
                                .commandLine()
                                .map(line -> Arrays.asList(line.split(" ")).contains(marker))
                                .orElse(false))
                        .ifPresent(process -> leftovers.put(name, process));
            }
        }
        leftovers.values().forEach(ProcessHandle::destroy); // all at once: each takes a moment to shut down
        leftovers.forEach((name, process) -> {
            ChildProcess.terminate(process, StartedComponents.STOP_GRACE);
            console.println(
                    "dailyfeed: stopped " + name + " left over from an earlier run (pid " + process.pid() + ")");
        });
    }

    private static Optional<Long> readPid(Path pidFile) {
        try {
            return Optional.of(Long.parseLong(Files.readString(pidFile).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        try (Stream<Path> tree = Files.walk(path)) {
            for (Path entry : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(entry);
            }
        }
    }
}
