package dailyfeed.security;

import static org.assertj.core.api.Assertions.assertThat;

import dailyfeed.harness.Answer;
import dailyfeed.harness.RunningDailyfeed;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runs last: no secret and no password hash appears in anything the other test classes got back (bodies and
 * headers) nor in the logs of the system they ran against. Then prints the figures of the run.
 */
@Order(Integer.MAX_VALUE)
class LeakScanIntegrationTests {

    @RegisterExtension
    static final RunningDailyfeed dailyfeed = new RunningDailyfeed();

    /**
     * What must never be shown: the service clients' secrets, the database passwords and the marks of a stored
     * password hash.
     */
    static List<String> secrets() {
        List<String> secrets = new ArrayList<>(List.of("$argon2", "{argon2}"));
        secrets.addAll(Credentials.systemSecrets(dailyfeed));
        secrets.addAll(Credentials.PASSWORDS);
        return secrets;
    }

    @Test
    void noAnswerCarriesASecretOrAPasswordHash() {
        List<Answer> answers = List.copyOf(Recorded.ANSWERS);
        assertThat(answers)
                .as("the other test classes ran first and their answers were kept")
                .hasSizeGreaterThan(1000);
        assertThat(Credentials.PASSWORDS).hasSizeGreaterThan(10);
        List<String> secrets = secrets();
        for (Answer answer : answers) {
            String headers = answer.headers().map().toString();
            for (String secret : secrets) {
                assertThat(answer.body())
                        .as("body of %s %s", answer.method(), answer.target())
                        .doesNotContain(secret);
                assertThat(headers)
                        .as("headers of %s %s", answer.method(), answer.target())
                        .doesNotContain(secret);
            }
        }
        System.out.printf(
                "Leak scan: %d answers (bodies and headers) searched for %d secrets: none found%n",
                answers.size(), secrets.size());
    }

    @Test
    void noLogCarriesASecretOrAPasswordHash() throws IOException {
        Path logs = dailyfeed.dataDir().map(dir -> dir.resolve("logs")).orElse(null);
        if (logs == null) {
            System.out.println(
                    "Against an already running system: its logs are not this run's to read; log scan left out");
            return;
        }
        List<Path> files;
        try (Stream<Path> listed = Files.list(logs)) {
            files = listed.filter(file -> file.toString().endsWith(".log"))
                    .sorted()
                    .toList();
        }
        assertThat(files)
                .extracting(file -> file.getFileName().toString())
                .contains("member-service.log", "content-service.log", "activity-service.log", "gateway.log");
        List<String> secrets = secrets();
        long bytes = 0;
        for (Path file : files) {
            // a log may hold bytes that are not UTF-8 (a client's garbage, logged); read it leniently
            String log = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            bytes += log.length();
            for (String secret : secrets) {
                assertThat(log.contains(secret))
                        .as(
                                "%s contains a secret (%s...)",
                                file.getFileName(), secret.substring(0, Math.min(6, secret.length())))
                        .isFalse();
            }
        }
        System.out.printf(
                "Leak scan: %d log files (%d characters) searched for %d secrets: none found%n",
                files.size(), bytes, secrets.size());
    }

    @AfterAll
    static void printFigures() throws IOException {
        String figures = "Seed " + Generated.SEED + ", " + Generated.SAMPLES
                + " generated cases per generated test and field\n\n" + Figures.table();
        System.out.println("Security suite figures\n" + figures);
        Path target = Path.of(System.getProperty("security.figures", "target/security-figures.md"));
        Files.createDirectories(target.toAbsolutePath().getParent());
        Files.writeString(target, figures);
    }
}
