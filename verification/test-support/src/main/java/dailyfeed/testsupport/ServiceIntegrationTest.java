package dailyfeed.testsupport;

import dailyfeed.events.ActivityTopic;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.ContextConfiguration;

/**
 * A whole service on a random port against real infrastructure: an embedded Kafka broker (KRaft, the only
 * mode of spring-kafka-test 4) and an
 * embedded PostgreSQL server. Test classes with the same annotation share one cached context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}")
@EmbeddedKafka(partitions = 3, topics = ActivityTopic.DEFAULT_NAME)
@ContextConfiguration(initializers = EmbeddedPostgresInitializer.class)
public @interface ServiceIntegrationTest {}
