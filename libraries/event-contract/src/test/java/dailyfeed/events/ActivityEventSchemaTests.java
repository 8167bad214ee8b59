package dailyfeed.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The JSON Schema of the event contract accepts every event the producers' code writes and refuses broken ones. */
class ActivityEventSchemaTests {

    private static final Schema SCHEMA = load();
    private static final Actor BOB = new Actor(7, "bob", "Bob");

    private static Schema load() {
        try (InputStream in = ActivityEventJson.class.getResourceAsStream(ActivityEventJson.SCHEMA_RESOURCE)) {
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                    .getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Error> errorsOf(String json) {
        // formats (uuid, date-time) asserted, not only annotated as draft 2020-12 does by default
        return SCHEMA.validate(
                json, InputFormat.JSON, context -> context.executionConfig(c -> c.formatAssertionsEnabled(true)));
    }

    /** One event of every type as the producers build it, a reply and a versioned follow among them. */
    static Stream<ActivityEvent> everyType() {
        return Stream.of(EventType.values()).flatMap(type -> switch (type) {
            case POST_CREATED, POST_UPDATED, POST_DELETED, POST_LIKED, POST_UNLIKED ->
                Stream.of(ActivityEvent.of(type, BOB, ActivityEvent.Targets.post(12, 3), "Saturday's ride"));
            case COMMENT_CREATED ->
                Stream.of(
                        ActivityEvent.of(
                                type, BOB, ActivityEvent.Targets.newComment(12, 3, 31, null, 3), "Count me in"),
                        ActivityEvent.of(type, BOB, ActivityEvent.Targets.newComment(12, 3, 32, 31L, 5), "Me too 🚲"));
            case COMMENT_UPDATED, COMMENT_DELETED, COMMENT_LIKED, COMMENT_UNLIKED ->
                Stream.of(
                        ActivityEvent.of(type, BOB, ActivityEvent.Targets.comment(12, 3, 31, null, 5), "Count me in"),
                        ActivityEvent.of(type, BOB, ActivityEvent.Targets.comment(12, 3, 32, 31L, 7), "Me too 🚲"));
            case MEMBER_FOLLOWED, MEMBER_UNFOLLOWED ->
                Stream.of(
                        ActivityEvent.of(type, BOB, ActivityEvent.Targets.member(9), "Carol (@carol)")
                                .withFollowVersion(2),
                        ActivityEvent.of(type, BOB, ActivityEvent.Targets.member(9), "Carol (@carol)"));
        });
    }

    @ParameterizedTest
    @MethodSource("everyType")
    void everyEventTheProducersWriteIsValid(ActivityEvent event) {
        assertThat(errorsOf(ActivityEventJson.write(event))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("everyType")
    void everyEventTheProducersWriteNamesWhomItIsAbout(ActivityEvent event) {
        String json = ActivityEventJson.write(event);
        assertThat(event.targetOwnerId()).isNotNull();
        assertThat(json).contains("\"targetOwnerId\":" + event.targetOwnerId());
        if (event.type().name().startsWith("MEMBER_")) {
            assertThat(event.targetOwnerId()).isEqualTo(event.targetMemberId());
            assertThat(event.postOwnerId()).isNull();
        } else {
            assertThat(json).contains("\"postOwnerId\":3");
        }
    }

    @ParameterizedTest
    @MethodSource("everyType")
    void theSameEventWithoutOwnersAsAnOlderProducerWroteItIsValid(ActivityEvent event) {
        var older = new ActivityEvent(
                event.eventId(),
                event.type(),
                event.occurredAt(),
                event.actor(),
                event.postId(),
                event.commentId(),
                event.parentCommentId(),
                event.targetMemberId(),
                event.summary(),
                event.schemaVersion(),
                event.followVersion());
        String json = ActivityEventJson.write(older);
        assertThat(errorsOf(json)).isEmpty();
        String withoutTheFields = json.replace(",\"targetOwnerId\":null", "").replace(",\"postOwnerId\":null", "");
        assertThat(withoutTheFields).doesNotContain("OwnerId");
        assertThat(errorsOf(withoutTheFields)).isEmpty();
    }

    @Test
    void theExamplesCoverEveryType() {
        Set<EventType> covered = EnumSet.noneOf(EventType.class);
        everyType().map(ActivityEvent::type).forEach(covered::add);
        assertThat(covered).containsExactlyInAnyOrder(EventType.values());
    }

    @Test
    void aLongSummaryShortenedByTheProducerFits() {
        var event = ActivityEvent.of(EventType.POST_CREATED, BOB, ActivityEvent.Targets.post(1, 3), "🚲".repeat(500));
        assertThat(errorsOf(ActivityEventJson.write(event))).isEmpty();
    }

    private static final String VALID = """
            {"eventId":"0b7e2c1a-5d7f-4c1e-9a55-0f3f2d8e6b1c","type":"COMMENT_CREATED",
             "occurredAt":"2026-11-30T10:00:00.123456Z","actor":{"id":7,"handle":"bob","displayName":"Bob"},
             "postId":12,"commentId":31,"parentCommentId":null,"targetMemberId":null,
             "summary":"Count me in","schemaVersion":1,"followVersion":null,"targetOwnerId":3,"postOwnerId":3}""";

    static Stream<Arguments> brokenEvents() {
        return Stream.of(
                Arguments.of(
                        "no actor",
                        VALID.replace("\"actor\":{\"id\":7,\"handle\":\"bob\",\"displayName\":\"Bob\"},", "")),
                Arguments.of("an actor without a handle", VALID.replace("\"handle\":\"bob\",", "")),
                Arguments.of("an unknown type", VALID.replace("COMMENT_CREATED", "COMMENT_SHARED")),
                Arguments.of("a newer schema version", VALID.replace("\"schemaVersion\":1", "\"schemaVersion\":2")),
                Arguments.of("an event id that is no UUID", VALID.replace("0b7e2c1a-5d7f", "0b7e2c1a5d7f")),
                Arguments.of("a local time", VALID.replace(".123456Z", ".123456")),
                Arguments.of("an impossible date", VALID.replace("2026-11-30", "2026-13-30")),
                Arguments.of(
                        "a comment event without its comment", VALID.replace("\"commentId\":31", "\"commentId\":null")),
                Arguments.of(
                        "a comment event naming a member",
                        VALID.replace("\"targetMemberId\":null", "\"targetMemberId\":3")),
                Arguments.of("a post id as text", VALID.replace("\"postId\":12", "\"postId\":\"12\"")),
                Arguments.of("a deletion quoting the text", VALID.replace("COMMENT_CREATED", "COMMENT_DELETED")),
                Arguments.of(
                        "a follow version on a comment event",
                        VALID.replace("\"followVersion\":null", "\"followVersion\":4")),
                Arguments.of("a follow naming nobody", VALID.replace("COMMENT_CREATED", "MEMBER_FOLLOWED")),
                Arguments.of("a summary longer than 140", VALID.replace("Count me in", "x".repeat(141))),
                Arguments.of("an owner as text", VALID.replace("\"targetOwnerId\":3", "\"targetOwnerId\":\"3\"")),
                Arguments.of("an owner that is no id", VALID.replace("\"targetOwnerId\":3", "\"targetOwnerId\":0")),
                Arguments.of("a post owner that is no id", VALID.replace("\"postOwnerId\":3", "\"postOwnerId\":-3")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenEvents")
    void refuses(String what, String json) {
        assertThat(json).isNotEqualTo(VALID); // the replacement took place
        assertThat(errorsOf(json)).isNotEmpty();
    }

    @Test
    void theValidExampleOfTheBrokenOnesIsValidAndUnknownFieldsAreAllowed() {
        assertThat(errorsOf(VALID)).isEmpty();
        // as producers wrote it before the owners existed
        String withoutOwners = VALID.replace(",\"targetOwnerId\":3,\"postOwnerId\":3", "");
        assertThat(withoutOwners).isNotEqualTo(VALID);
        assertThat(errorsOf(withoutOwners)).isEmpty();
        assertThat(errorsOf(VALID.replace("\"schemaVersion\":1", "\"schemaVersion\":1,\"source\":\"web\"")))
                .isEmpty();
    }
}
