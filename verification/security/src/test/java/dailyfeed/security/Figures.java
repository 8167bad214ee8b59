package dailyfeed.security;

import dailyfeed.harness.Answer;
import java.util.Map;
import java.util.TreeMap;

/** Counts per endpoint what was sent (generated or from the hand list) and how it was answered; printed at the end. */
final class Figures {

    private static final Map<String, long[]> BY_ENDPOINT = new TreeMap<>();
    private static final int GENERATED = 0, HAND = 1, SUCCESS = 2, CLIENT_ERROR = 3, SERVER_ERROR = 4;

    private Figures() {}

    static synchronized void generated(String endpoint, Answer answer) {
        count(endpoint, GENERATED, answer);
    }

    static synchronized void hand(String endpoint, Answer answer) {
        count(endpoint, HAND, answer);
    }

    private static void count(String endpoint, int kind, Answer answer) {
        long[] counts = BY_ENDPOINT.computeIfAbsent(endpoint, key -> new long[5]);
        counts[kind]++;
        counts[answer.status() >= 500 ? SERVER_ERROR : answer.status() >= 400 ? CLIENT_ERROR : SUCCESS]++;
    }

    static synchronized String table() {
        StringBuilder table = new StringBuilder(
                "| endpoint | generated | hand-made | 2xx | 4xx | 5xx |\n|---|---:|---:|---:|---:|---:|\n");
        long[] total = new long[5];
        BY_ENDPOINT.forEach((endpoint, counts) -> {
            table.append("| ").append(endpoint);
            for (int i = 0; i < counts.length; i++) {
                table.append(" | ").append(counts[i]);
                total[i] += counts[i];
            }
            table.append(" |\n");
        });
        table.append("| **all**");
        for (long count : total) {
            table.append(" | ").append(count);
        }
        return table.append(" |\n").toString();
    }
}
