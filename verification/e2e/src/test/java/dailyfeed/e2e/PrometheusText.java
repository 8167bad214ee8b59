package dailyfeed.e2e;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one {@code /actuator/prometheus} answered: its samples by series name, the name as Prometheus stores it
 * (Micrometer's {@code dailyfeed.outbox.sends} counter is {@code dailyfeed_outbox_sends_total}, a timer's count
 * {@code ..._seconds_count}), which is the name a PromQL expression queries.
 */
record PrometheusText(Map<String, List<Sample>> samples) {

    /** One line: {@code name{labels} value}. */
    record Sample(String labels, double value) {}

    static PrometheusText parse(String text) {
        Map<String, List<Sample>> samples = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int labelsAt = line.indexOf('{');
            int valueAt = line.lastIndexOf(' ');
            int nameEnd = labelsAt >= 0 && labelsAt < valueAt ? labelsAt : valueAt;
            String labels = nameEnd == labelsAt ? line.substring(labelsAt, line.lastIndexOf('}') + 1) : "";
            samples.computeIfAbsent(line.substring(0, nameEnd), name -> new ArrayList<>())
                    .add(new Sample(labels, Double.parseDouble(line.substring(valueAt + 1))));
        }
        return new PrometheusText(Map.copyOf(samples));
    }

    boolean has(String name) {
        return samples.containsKey(name);
    }

    /** The sum of a series' samples (0 when there is none). */
    double total(String name) {
        return samples.getOrDefault(name, List.of()).stream()
                .mapToDouble(Sample::value)
                .sum();
    }

    List<Sample> of(String name) {
        return samples.getOrDefault(name, List.of());
    }
}
