package dailyfeed.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The metrics a Grafana dashboard queries: every PromQL expression of its panels (rows' panels included), and in each
 * every series selector with the {@code job} it names, the job being the component (operations/prometheus).
 */
final class DashboardQueries {

    /** One series a query selects: its metric name and the jobs its {@code job} matcher accepts. */
    record Selector(String metric, Set<String> jobs, String expression) {}

    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{([^}]*)}");
    private static final Pattern JOB = Pattern.compile("\\bjob\\s*(=~|=)\\s*\"([^\"]*)\"");
    private static final Pattern GROUPING =
            Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    /** Words of PromQL that are not metric names where they stand (functions are followed by a parenthesis). */
    private static final Set<String> KEYWORDS =
            Set.of("and", "or", "unless", "bool", "offset", "group_left", "group_right", "inf", "nan");

    private DashboardQueries() {}

    static List<String> expressions(Path dashboard) {
        try {
            JsonNode root = JsonMapper.builder().build().readTree(Files.readString(dashboard));
            List<String> expressions = new ArrayList<>();
            collect(root.path("panels"), expressions);
            return expressions;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void collect(JsonNode panels, List<String> expressions) {
        for (JsonNode panel : panels) {
            panel.path("targets")
                    .forEach(target -> expressions.add(target.path("expr").asString()));
            collect(panel.path("panels"), expressions);
        }
    }

    /**
     * The selectors of one expression. A metric named without a label matcher (so without a job) is refused: the
     * dashboard names the component of every series it reads, which is what lets a test find where it must exist.
     */
    static List<Selector> selectors(String expression) {
        List<Selector> selectors = new ArrayList<>();
        Matcher selector = SELECTOR.matcher(expression);
        while (selector.find()) {
            Matcher job = JOB.matcher(selector.group(2));
            Set<String> jobs = new LinkedHashSet<>();
            if (job.find()) {
                jobs.addAll(
                        job.group(1).equals("=")
                                ? List.of(job.group(2))
                                : List.of(job.group(2).split("\\|")));
            }
            selectors.add(new Selector(selector.group(1), Set.copyOf(jobs), expression));
        }
        String rest = GROUPING.matcher(SELECTOR.matcher(expression).replaceAll(" "))
                .replaceAll(" ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\"[^\"]*\"", " ");
        Matcher name = NAME.matcher(rest);
        while (name.find()) {
            boolean function = rest.substring(name.end()).stripLeading().startsWith("(");
            if (!function && !KEYWORDS.contains(name.group().toLowerCase())) {
                selectors.add(new Selector(name.group(), Set.of(), expression));
            }
        }
        return selectors;
    }
}
