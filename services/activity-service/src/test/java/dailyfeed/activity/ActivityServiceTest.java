package dailyfeed.activity;

import dailyfeed.testsupport.ServiceIntegrationTest;
import dailyfeed.testsupport.TestTokens;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Import;

/** The whole activity-service on real Kafka and PostgreSQL, trusting {@link TestTokens}; one shared context. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ServiceIntegrationTest
@Import(TestTokens.Decoder.class)
public @interface ActivityServiceTest {}
