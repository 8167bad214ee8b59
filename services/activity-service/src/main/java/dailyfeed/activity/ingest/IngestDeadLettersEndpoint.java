package dailyfeed.activity.ingest;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/ingestdeadletters}, for operators (scope {@code operations}, GET included: dead letters quote
 * members' texts): GET lists the records of the dead-letter topic with their rejection reasons, optionally those of one
 * {@code eventId}; POST replays them to the activity topic once the cause is fixed, all of them or those whose event id
 * is in {@code eventIds} (comma-separated). Replaying twice is harmless: the ingest stores an event id once.
 */
@Component
@Endpoint(id = "ingestdeadletters")
class IngestDeadLettersEndpoint {

    private final DeadLetters deadLetters;

    IngestDeadLettersEndpoint(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @ReadOperation
    Map<String, Object> list(@Nullable String eventId) {
        List<Map<String, Object>> records = deadLetters.list(eventId == null ? all() : of(Set.of(eventId))).stream()
                .map(IngestDeadLettersEndpoint::describe)
                .toList();
        return Map.of("count", records.size(), "records", records);
    }

    /**
     * {@code eventIds}: the ids separated by commas, as one JSON string (the actuator reads a body of string values
     * only); absent replays all.
     */
    @WriteOperation
    Map<String, Object> replay(@Nullable String eventIds) {
        Predicate<DeadLetters.DeadLetter> selected = eventIds == null
                ? all()
                : of(Arrays.stream(eventIds.split(","))
                        .map(String::strip)
                        .filter(id -> !id.isEmpty())
                        .collect(Collectors.toSet()));
        List<Map<String, Object>> replayed = deadLetters.replay(selected).stream()
                .map(IngestDeadLettersEndpoint::describe)
                .toList();
        return Map.of("replayed", replayed.size(), "records", replayed);
    }

    private static Predicate<DeadLetters.DeadLetter> all() {
        return letter -> true;
    }

    private static Predicate<DeadLetters.DeadLetter> of(Set<String> eventIds) {
        return letter -> letter.eventId() != null && eventIds.contains(letter.eventId());
    }

    private static Map<String, Object> describe(DeadLetters.DeadLetter letter) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("partition", letter.partition());
        body.put("offset", letter.offset());
        body.put("timestamp", letter.timestamp().toString());
        body.put("key", letter.key());
        body.put("eventId", letter.eventId());
        body.put("reasons", letter.all(IngestConfiguration.REJECTION_REASON_HEADER));
        body.put("replayedFrom", letter.all(DeadLetters.REPLAYED_FROM_HEADER));
        body.put("value", letter.value());
        return body;
    }
}
