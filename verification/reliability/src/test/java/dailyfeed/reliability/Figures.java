package dailyfeed.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * The measured figures of a run: printed, and appended to {@code target/reliability-figures.txt} (the build log of a
 * long run is easy to lose; docs/reliability.md quotes this file).
 */
final class Figures {

    private Figures() {}

    static void report(String test, String format, Object... args) {
        String text = String.format(format, args);
        for (String line : text.split("\n")) {
            System.out.println("[" + test + "] " + line);
        }
        String file = System.getProperty("reliability.figures", "");
        if (!file.isBlank()) {
            StringBuilder lines = new StringBuilder();
            for (String line : text.split("\n")) {
                lines.append(Instant.now())
                        .append(" [")
                        .append(test)
                        .append("] ")
                        .append(line)
                        .append('\n');
            }
            try {
                Files.writeString(
                        Path.of(file),
                        lines,
                        StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
