package dailyfeed.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dailyfeed.events.ActivityEvent;
import dailyfeed.events.ActivityTopic;
import dailyfeed.events.Actor;
import dailyfeed.events.EventType;
import dailyfeed.testsupport.ActivityTopicRecorder;
import dailyfeed.testsupport.EmbeddedPostgresInitializer;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.transaction.support.TransactionTemplate;

/** An event stays in the trace of the change that recorded it, whether it is sent after commit or by the relay. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
            "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
            // recorded, as with an endpoint (without one nothing is sampled): the flag travels with the context
            "DAILYFEED_TRACING_SAMPLING=1.0"
        })
@EmbeddedKafka(partitions = 3, topics = ActivityTopic.DEFAULT_NAME)
@ContextConfiguration(initializers = EmbeddedPostgresInitializer.class)
class OutboxTracingIntegrationTests {

    @Configuration
    @EnableAutoConfiguration
    @Import(OutboxForTests.RelayByHand.class)
    static class TestApplication {}

    @Autowired
    EventOutbox outbox;

    @Autowired
    OutboxRelay relay;

    @Autowired
    OutboxRows rows;

    @Autowired
    OutboxPublisher publisher;

    @Autowired
    OutboxProperties properties;

    @Autowired
    OutboxTracing tracing;

    @Autowired
    Tracer tracer;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    EmbeddedKafkaBroker broker;

    ActivityTopicRecorder topic;

    @BeforeEach
    void subscribe() {
        topic = ActivityTopicRecorder.open(broker);
    }

    @AfterEach
    void close() {
        topic.close();
    }

    @Test
    void theRowKeepsTheTraceOfItsChangeAndTheRecordSentAfterCommitContinuesIt() {
        ActivityEvent event = anEvent(41);

        Span change = recordInASpan(outbox, event);

        assertThat(storedTraceParent(event)).isEqualTo(traceParentOf(change));
        String sent = traceParentHeader(event);
        assertThat(traceId(sent)).isEqualTo(change.context().traceId());
        assertThat(spanId(sent))
                .as("the record's parent is the send's own span, a child of the change's span")
                .isNotEqualTo(change.context().spanId());
    }

    @Test
    void aRecordTheRelaySendsLaterJoinsTheSameTrace() {
        // the outbox of a process that died right after its commit: only the relay sends the event
        var relayOnly = new EventOutbox(rows, publisher, properties, tracing, false);
        ActivityEvent event = anEvent(42);

        Span change = recordInASpan(relayOnly, event);
        assertThat(tracer.currentSpan()).as("the change's span is over").isNull();
        relay.relayDue();

        assertThat(traceId(traceParentHeader(event))).isEqualTo(change.context().traceId());
    }

    @Test
    void anEventRecordedOutsideATraceIsSentWithoutTraceHeader() {
        ActivityEvent event = anEvent(43);

        transactions.executeWithoutResult(status -> outbox.record(event));

        assertThat(storedTraceParent(event)).isNull();
        assertThat(received(event).headers().lastHeader(OutboxTracing.TRACEPARENT))
                .isNull();
    }

    private Span recordInASpan(EventOutbox into, ActivityEvent event) {
        Span span = tracer.nextSpan().name("a change").start();
        try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
            transactions.executeWithoutResult(status -> into.record(event));
        } finally {
            span.end();
        }
        return span;
    }

    private String storedTraceParent(ActivityEvent event) {
        return jdbc.sql("SELECT trace_parent FROM event_outbox WHERE event_id = ?")
                .param(event.eventId())
                .query(String.class)
                .optional()
                .orElse(null);
    }

    private String traceParentHeader(ActivityEvent event) {
        Header header = received(event).headers().lastHeader(OutboxTracing.TRACEPARENT);
        assertThat(header).as("traceparent header").isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    private ConsumerRecord<String, String> received(ActivityEvent event) {
        topic.awaitEvent(received -> received.eventId().equals(event.eventId()));
        return topic.records().stream()
                .filter(r -> r.value().contains(event.eventId().toString()))
                .findFirst()
                .orElseThrow();
    }

    private static String traceParentOf(Span span) {
        return "00-" + span.context().traceId() + "-" + span.context().spanId() + "-01";
    }

    /** {@code 00-<trace id>-<parent span id>-<flags>} */
    private static String traceId(String traceParent) {
        return traceParent.split("-")[1];
    }

    private static String spanId(String traceParent) {
        return traceParent.split("-")[2];
    }

    private static ActivityEvent anEvent(long actorId) {
        return ActivityEvent.of(
                EventType.POST_CREATED,
                new Actor(actorId, "member" + actorId, "Member " + actorId),
                ActivityEvent.Targets.post(100 + actorId, actorId),
                "a post by " + actorId);
    }
}
