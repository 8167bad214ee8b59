package dailyfeed.activity.feed;

import dailyfeed.events.EventType;
import dailyfeed.platform.web.InvalidRequest;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/** The {@code types} query of the activity lists: a comma list of event types; empty or absent means every type. */
record TypeFilter(Set<EventType> types) {

    static final TypeFilter ANY = new TypeFilter(Set.of());

    /** Reads the query; an unknown type is an {@link InvalidRequest} on {@code types}. */
    static TypeFilter of(String types) {
        if (types == null || types.isBlank()) {
            return ANY;
        }
        Set<EventType> filter = EnumSet.noneOf(EventType.class);
        for (String name : types.split(",")) {
            String trimmed = name.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            try {
                filter.add(EventType.valueOf(trimmed));
            } catch (IllegalArgumentException e) {
                throw new InvalidRequest(
                        "types",
                        "has an unknown event type '" + trimmed + "'; known types are "
                                + Arrays.toString(EventType.values()));
            }
        }
        return new TypeFilter(filter);
    }

    boolean isAny() {
        return types.isEmpty();
    }

    boolean admits(EventType type) {
        return types.isEmpty() || types.contains(type);
    }

    /** The names, for {@code type = ANY (:types)}: one text array whatever their number, so one statement text. */
    String[] names() {
        return types.stream().map(EventType::name).toArray(String[]::new);
    }
}
