package dailyfeed.bench;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The results as a table on the console, JSON for programs, a chart, and the table in docs/benchmarks.md. */
final class Report {

    static final String BEGIN =
            "<!-- bench:results:begin (written by the benchmark run; edit outside these markers) -->";
    static final String END = "<!-- bench:results:end -->";
    static final String COMMAND = "./mvnw -B -Pbench -pl :bench -am -DskipTests verify";

    private final List<Result> results;
    private final Machine machine;
    private final Instant started;
    private final Duration took;
    private final Map<String, Object> settings;

    Report(List<Result> results, Machine machine, Instant started, Duration took, Map<String, Object> settings) {
        this.results = results;
        this.machine = machine;
        this.started = started;
        this.took = took;
        this.settings = settings;
    }

    /**
     * Writes the results. A partial run ({@code -Dbench.only}) replaces only the lines of the figures it ran, in
     * latest.json and in the page's table, and leaves the chart (drawn from a full run) as it is.
     */
    void write(Path home, boolean partial) throws IOException {
        System.out.println();
        System.out.println(table());
        Path dir = home.resolve("verification/bench/results");
        Files.createDirectories(dir);
        ArrayNode latest = partial ? mergedLatest(dir.resolve("latest.json")) : latest();
        Files.writeString(
                dir.resolve("latest.json"),
                Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(latest) + "\n");
        Files.writeString(
                dir.resolve("run-"
                        + started.truncatedTo(ChronoUnit.SECONDS).toString().replace(":", "") + ".json"),
                Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(run()) + "\n");
        if (!partial) {
            ImageIO.write(chart(), "png", dir.resolve("latest.png").toFile());
        }
        Path doc = home.resolve("docs/benchmarks.md");
        String text = Files.exists(doc) ? Files.readString(doc) : "# Benchmarks\n\n" + BEGIN + "\n" + END + "\n";
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalStateException(doc + " lost its markers " + BEGIN + " ... " + END);
        }
        String block = partial ? mergedMarkdown(text.substring(begin + BEGIN.length() + 1, end)) : markdown();
        Files.writeString(doc, text.substring(0, begin + BEGIN.length()) + "\n" + block + text.substring(end));
        System.out.println("results: " + dir.resolve("latest.json")
                + (partial ? "" : ", chart: " + dir.resolve("latest.png")) + ", table: " + doc);
    }

    /** The figures' lines share the first word of their names (ingest_, feed_, write_, freshness_, streams_). */
    private static String family(String name) {
        return name.substring(0, name.indexOf('_') + 1);
    }

    private ArrayNode mergedLatest(Path file) throws IOException {
        Set<String> replaced = results.stream().map(r -> family(r.name())).collect(Collectors.toSet());
        ArrayNode merged = Json.MAPPER.createArrayNode();
        if (Files.exists(file)) {
            for (JsonNode row : Json.MAPPER.readTree(Files.readString(file))) {
                if (!replaced.contains(family(row.get("name").asString()))) {
                    merged.add(row);
                }
            }
        }
        latest().forEach(merged::add);
        return merged;
    }

    /** The last full run's block with this run's figures' lines replaced, and a line saying when they were measured. */
    private String mergedMarkdown(String block) {
        Set<String> figures =
                results.stream().map(Result::figure).collect(Collectors.toCollection(java.util.LinkedHashSet::new));
        String note = "Partial run of " + String.join(", ", figures) + ":";
        List<String> lines = new ArrayList<>();
        int lastRow = -1;
        for (String line : block.split("\n", -1)) {
            if (line.startsWith(PARTIAL_RUN)) {
                // an earlier partial run keeps its note only for the figures it still holds
                withoutFigures(line, figures).ifPresent(lines::add);
                continue;
            }
            if (line.isEmpty()
                    && !lines.isEmpty()
                    && lines.get(lines.size() - 1).isEmpty()) {
                continue; // the blank line after a note that was dropped
            }
            boolean row = line.startsWith("| ") && !line.startsWith("| figure |");
            if (row && figures.contains(line.substring(2, line.indexOf(" | ")))) {
                continue;
            }
            if (row || line.startsWith("|---")) {
                lastRow = lines.size();
            }
            lines.add(line);
        }
        if (lastRow < 0) {
            return markdown();
        }
        lines.addAll(lastRow + 1, List.of(rows().split("\n")));
        int table = lines.indexOf("| figure | measure | value | baseline | ratio | target | met | detail |");
        lines.addAll(
                table,
                List.of(
                        note + " " + started.truncatedTo(ChronoUnit.SECONDS) + ", took "
                                + String.format(Locale.ROOT, "%.1f", took.toSeconds() / 60.0) + " min with `" + COMMAND
                                + " -Dbench.only="
                                + settings.get("only") + "` (settings in its run file); load average (1 / 5 / 15 min) "
                                + settings.get("load_average_start")
                                + " at its start, "
                                + settings.get("load_average_end")
                                + " at its end. The other lines are from the run above.",
                        ""));
        return String.join("\n", lines);
    }

    private static final String PARTIAL_RUN = "Partial run of ";

    /**
     * An earlier partial run's note ({@code "Partial run of 1 ingest, 2 write path: …"}) naming only the figures it
     * still holds, once {@code replaced} are another run's; empty when none is left.
     */
    static Optional<String> withoutFigures(String note, Set<String> replaced) {
        int colon = note.indexOf(':');
        List<String> kept = Arrays.stream(
                        note.substring(PARTIAL_RUN.length(), colon).split(", "))
                .filter(figure -> !replaced.contains(figure))
                .toList();
        return kept.isEmpty()
                ? Optional.empty()
                : Optional.of(PARTIAL_RUN + String.join(", ", kept) + note.substring(colon));
    }

    private ArrayNode latest() {
        ArrayNode array = Json.MAPPER.createArrayNode();
        for (Result r : results) {
            ObjectNode o = array.addObject();
            o.put("name", r.name());
            o.put("value", round(r.value()));
            o.put("unit", r.unit());
            o.put("baseline_name", r.baselineName());
            o.put("baseline_value", round(r.baselineValue()));
            o.put("ratio", round(r.ratio()));
            o.put("target", r.target());
            if (r.met() == null) {
                o.putNull("met");
            } else {
                o.put("met", r.met());
            }
        }
        return array;
    }

    private ObjectNode run() {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("started", started.toString());
        o.put("seconds", took.toSeconds());
        o.put("command", COMMAND);
        ObjectNode m = o.putObject("machine");
        m.put("cores", machine.cores());
        m.put("memory_bytes", machine.memoryBytes());
        m.put("cpu", machine.cpu());
        m.put("os", machine.os());
        m.put("jvm", machine.jvm());
        ObjectNode s = o.putObject("settings");
        settings.forEach((key, value) -> s.put(key, String.valueOf(value)));
        ArrayNode rows = o.putArray("results");
        latest().forEach(rows::add);
        for (int i = 0; i < results.size(); i++) {
            ((ObjectNode) rows.get(i)).put("figure", results.get(i).figure());
            ((ObjectNode) rows.get(i)).put("ratio_meaning", results.get(i).ratioMeaning());
            ((ObjectNode) rows.get(i)).put("detail", results.get(i).detail());
        }
        return o;
    }

    String table() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "%-16s %-38s %14s %-8s %14s %8s %-30s %-5s%n",
                "figure",
                "measure",
                "value",
                "unit",
                "baseline",
                "ratio",
                "target",
                "met"));
        for (Result r : results) {
            out.append(String.format(
                    Locale.ROOT,
                    "%-16s %-38s %14s %-8s %14s %7.2fx %-30s %-5s%n",
                    r.figure(),
                    r.name(),
                    number(r.value()),
                    r.unit(),
                    number(r.baselineValue()),
                    r.ratio(),
                    r.target(),
                    met(r)));
        }
        out.append("machine: ").append(machine.summary()).append('\n');
        out.append("run took ").append(took.toSeconds()).append(" s");
        return out.toString();
    }

    private String rows() {
        StringBuilder md = new StringBuilder();
        for (Result r : results) {
            md.append("| ")
                    .append(r.figure())
                    .append(" | `")
                    .append(r.name())
                    .append("` | ")
                    .append(number(r.value()))
                    .append(' ')
                    .append(r.unit())
                    .append(" | ")
                    .append(number(r.baselineValue()))
                    .append(' ')
                    .append(r.unit())
                    .append(" (")
                    .append(r.baselineName().replace('_', ' '))
                    .append(") | ")
                    .append(String.format(Locale.ROOT, "%.2f× (%s)", r.ratio(), r.ratioMeaning()))
                    .append(" | ")
                    .append(r.target())
                    .append(" | ")
                    .append(met(r))
                    .append(" | ")
                    .append(r.detail().replace("|", "/"))
                    .append(" |\n");
        }
        return md.toString();
    }

    private String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("Last run: ")
                .append(started.truncatedTo(ChronoUnit.SECONDS))
                .append(", took ")
                .append(String.format(Locale.ROOT, "%.1f", took.toSeconds() / 60.0))
                .append(" min with `")
                .append(COMMAND)
                .append("`.\n\n");
        md.append("Machine: ")
                .append(machine.summary())
                .append(". Shared with other work while it ran: absolute numbers are context, ")
                .append("the side-by-side ratios are the claim.\n\n");
        md.append("| figure | measure | value | baseline | ratio | target | met | detail |\n");
        md.append("|---|---|---:|---:|---:|---|---|---|\n");
        md.append(rows());
        md.append("\nChart, each figure beside its baseline: `verification/bench/results/latest.png`.\n\n");
        md.append("Raw: `verification/bench/results/latest.json` and the per-run files beside it.\n");
        return md.toString();
    }

    private BufferedImage chart() {
        BufferedImage image = new BufferedImage(1500, 1000, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 1500, 1000);
        List<JFreeChart> charts = List.of(
                bars(
                        "1 Ingest (events/s, higher is better)",
                        "events/s",
                        find("ingest_vs_naive_consumer").map(r -> new double[] {r.value(), r.baselineValue()}),
                        new String[] {"activity-service", "naive consumer"},
                        find("ingest_vs_copy_limit").map(r -> new double[] {r.baselineValue()}),
                        new String[] {"COPY limit"}),
                pair(
                        "2 Write path p99 (ms, lower is better)",
                        "ms",
                        find("write_p99_pipeline"),
                        "pipeline",
                        "publication off"),
                pair(
                        "2 Write path throughput (posts/s)",
                        "posts/s",
                        find("write_throughput_pipeline"),
                        "pipeline",
                        "publication off"),
                pair("3 Freshness p99 (ms) vs target", "ms", find("freshness_p99"), "write 2xx -> SSE p99", "target"),
                feed());
        charts.forEach(chart -> chart.getPlot().setBackgroundPaint(new Color(245, 245, 245)));
        int w = 500;
        int h = 500;
        for (int i = 0; i < charts.size(); i++) {
            charts.get(i).draw(g, new Rectangle2D.Double((i % 3) * w, (i / 3) * h, w, h));
        }
        g.setColor(Color.DARK_GRAY);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        int y = 540;
        for (String line : List.of(
                "dailyfeed benchmarks, " + started.truncatedTo(ChronoUnit.SECONDS),
                machine.cores() + " cores, " + Math.round(machine.memoryBytes() / (1024.0 * 1024 * 1024)) + " GiB",
                machine.jvm(),
                "shared machine: ratios are the claim",
                "",
                COMMAND)) {
            g.drawString(line, 1020, y);
            y += 22;
        }
        g.dispose();
        return image;
    }

    /** Bars from groups of (Optional of values, their names). */
    private static JFreeChart bars(String title, String unit, Object... groups) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (int i = 0; i < groups.length; i += 2) {
            @SuppressWarnings("unchecked")
            Optional<double[]> values = (Optional<double[]>) groups[i];
            String[] names = (String[]) groups[i + 1];
            values.ifPresent(v -> {
                for (int j = 0; j < v.length; j++) {
                    data.addValue(v[j], "value", names[j]);
                }
            });
        }
        JFreeChart chart =
                ChartFactory.createBarChart(title, null, unit, data, PlotOrientation.VERTICAL, false, false, false);
        chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        return chart;
    }

    private static JFreeChart pair(
            String title, String unit, Optional<Result> result, String valueName, String baselineName) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        result.ifPresent(r -> {
            data.addValue(r.value(), "value", valueName);
            data.addValue(r.baselineValue(), "value", baselineName);
        });
        JFreeChart chart =
                ChartFactory.createBarChart(title, null, unit, data, PlotOrientation.VERTICAL, false, false, false);
        chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        return chart;
    }

    private JFreeChart feed() {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Result r : results) {
            if (r.name().startsWith("feed_")) {
                String category = r.name()
                        .replace("feed_", "")
                        .replace("_followings_", " ")
                        .replace("_endpoint_p99", "")
                        .replace("_query_p99", "")
                        .replace("first_page", "page 1")
                        .replace("deep_page", "page " + FeedReadBenchmark.DEEP_PAGE);
                if (r.name().endsWith("_endpoint_p99")) {
                    data.addValue(r.value(), "endpoint (HTTP)", category);
                } else {
                    data.addValue(r.value(), "product query", category);
                    data.addValue(r.baselineValue(), "naive IN/OFFSET query", category);
                }
            }
        }
        JFreeChart chart = ChartFactory.createBarChart(
                "4 Feed reads p99 (ms, log scale)", null, "ms", data, PlotOrientation.VERTICAL, true, false, false);
        chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        CategoryPlot plot = chart.getCategoryPlot();
        LogAxis log = new LogAxis("ms (log)");
        log.setSmallestValue(0.1);
        log.setNumberFormatOverride(new java.text.DecimalFormat("#,##0.#"));
        plot.setRangeAxis(log);
        return chart;
    }

    private Optional<Result> find(String name) {
        return results.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    private static String met(Result r) {
        return r.met() == null ? "—" : r.met() ? "yes" : "**no**";
    }

    private static String number(double value) {
        return Math.abs(value) >= 100
                ? String.format(Locale.ROOT, "%,.0f", value)
                : String.format(Locale.ROOT, "%.2f", value);
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
