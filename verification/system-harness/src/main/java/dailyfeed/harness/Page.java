package dailyfeed.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** One page of a list: its items, and the cursor of the next page unless this is the last. */
public record Page(List<JsonNode> items, Optional<String> nextCursor) {

    static Page of(Answer answer) {
        JsonNode json = answer.json();
        if (!json.path("items").isArray()) {
            throw new UnexpectedAnswer(answer, "a page");
        }
        List<JsonNode> items = new ArrayList<>();
        json.path("items").forEach(items::add);
        JsonNode next = json.path("nextCursor");
        return new Page(List.copyOf(items), next.isString() ? Optional.of(next.asString()) : Optional.empty());
    }

    /** The {@code id} of each item, in order. */
    public List<Long> ids() {
        return items.stream().map(item -> item.path("id").asLong()).toList();
    }
}
