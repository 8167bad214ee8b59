package dailyfeed.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The repository stands alone: every link in README.md and docs/ points at a file of the repository that exists, or
 * at a public web address. A link that leaves the repository ({@code ../shared/...}), an absolute path or a missing
 * file is broken in a fresh clone, so it fails the build.
 */
class DocumentationLinksTests {

    /** {@code [text](target)} and {@code ![alt](target)}; the target may carry a title after a space. */
    private static final Pattern INLINE_LINK = Pattern.compile("!?\\[[^\\]]*\\]\\(\\s*(<[^>]*>|[^)\\s]*)[^)]*\\)");

    /** A reference definition, {@code [name]: target}, at the start of a line. */
    private static final Pattern REFERENCE = Pattern.compile("^\\s{0,3}\\[[^\\]]+\\]:\\s*(<[^>]*>|\\S+)");

    private static final Pattern INLINE_CODE = Pattern.compile("`+[^`]*`+");

    @Test
    void everyLinkOfTheDocumentationStaysInTheRepositoryAndFindsItsFile() throws IOException {
        Path root = repositoryRoot();
        List<Path> pages = new ArrayList<>();
        pages.add(root.resolve("README.md"));
        try (Stream<Path> docs = Files.walk(root.resolve("docs"))) {
            docs.filter(path -> path.toString().endsWith(".md")).sorted().forEach(pages::add);
        }

        List<String> problems = new ArrayList<>();
        int links = 0;
        for (Path page : pages) {
            List<Link> found = linksOf(Files.readString(page, StandardCharsets.UTF_8));
            links += found.size();
            for (Link link : found) {
                String problem = problemOf(root, page.getParent(), link.target());
                if (problem != null) {
                    problems.add(root.relativize(page) + ":" + link.line() + ": " + link.target() + " — " + problem);
                }
            }
        }

        assertThat(links)
                .as("links found in README.md and docs/ (is the parser reading them?)")
                .isPositive();
        assertThat(problems)
                .as("broken or outward links in README.md and docs/")
                .isEmpty();
    }

    @Test
    void theCheckRefusesOutwardAbsoluteAndMissingTargetsAndIgnoresCode() throws IOException {
        Path root = repositoryRoot();
        Path docs = root.resolve("docs");
        String page = """
                [spec](../shared/SPEC.md) and [far](../../x.md) and ![img](/etc/passwd)
                [gone](missing-page.md#part) [fine](../README.md#two-commands) [web](https://spring.io "Spring")
                [anchor](#top)
                ```
                [in a fence](../shared/API.md)
                ```
                `[in code](../shared/API.md)`
                [ref]: ../shared/STYLE.md
                """;

        List<String> problems = linksOf(page).stream()
                .filter(link -> problemOf(root, docs, link.target()) != null)
                .map(Link::target)
                .toList();

        assertThat(problems)
                .containsExactly(
                        "../shared/SPEC.md", "../../x.md", "/etc/passwd", "missing-page.md#part", "../shared/STYLE.md");
    }

    /** A link's target and the line it is on. */
    record Link(String target, int line) {}

    /** The link targets of a Markdown text, leaving out fenced code blocks and code spans. */
    static List<Link> linksOf(String markdown) {
        List<Link> links = new ArrayList<>();
        boolean inFence = false;
        String[] lines = markdown.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.strip().startsWith("```") || line.strip().startsWith("~~~")) {
                inFence = !inFence;
                continue;
            }
            if (inFence) {
                continue;
            }
            // a code span is not a link, but a link's text may be one: keep the brackets' content non-empty
            String text = INLINE_CODE.matcher(line).replaceAll("code");
            Matcher reference = REFERENCE.matcher(text);
            if (reference.find()) {
                links.add(new Link(unwrap(reference.group(1)), i + 1));
                continue;
            }
            Matcher inline = INLINE_LINK.matcher(text);
            while (inline.find()) {
                links.add(new Link(unwrap(inline.group(1)), i + 1));
            }
        }
        return links;
    }

    /** Why {@code target}, linked from a page in {@code folder}, is not a good link; {@code null} if it is. */
    static String problemOf(Path root, Path folder, String target) {
        if (target.isEmpty()) {
            return "an empty link";
        }
        if (target.startsWith("http://") || target.startsWith("https://") || target.startsWith("mailto:")) {
            return null;
        }
        if (target.startsWith("#")) {
            return null;
        }
        if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
            return "a link with a scheme other than http(s) or mailto";
        }
        String path = target.replaceFirst("[#?].*$", "");
        if (path.startsWith("/") || path.startsWith("\\")) {
            return "an absolute path, which exists on one machine only";
        }
        Path resolved = folder.resolve(URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8))
                .normalize();
        if (!resolved.startsWith(root)) {
            return "leaves the repository";
        }
        if (!Files.exists(resolved)) {
            return "no such file in the repository";
        }
        return null;
    }

    private static String unwrap(String target) {
        String trimmed = target.strip();
        return trimmed.startsWith("<") && trimmed.endsWith(">") ? trimmed.substring(1, trimmed.length() - 1) : trimmed;
    }

    /** The repository root: the nearest folder, from where the tests run upwards, that holds the Maven wrapper. */
    static Path repositoryRoot() {
        for (Path folder = Path.of("").toAbsolutePath().normalize(); folder != null; folder = folder.getParent()) {
            if (Files.isRegularFile(folder.resolve("mvnw")) && Files.isRegularFile(folder.resolve("README.md"))) {
                return folder;
            }
        }
        throw new UncheckedIOException(new IOException(
                "no folder with mvnw and README.md above " + Path.of("").toAbsolutePath()));
    }
}
