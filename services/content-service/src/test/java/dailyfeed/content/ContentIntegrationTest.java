package dailyfeed.content;

import dailyfeed.testsupport.ServiceIntegrationTest;
import dailyfeed.testsupport.TestTokens;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Import;

/**
 * content-service on real Kafka and PostgreSQL, trusting tokens signed by {@link TestTokens} (member-service, which
 * signs the real ones, is not running here). Every test class with it shares one context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ServiceIntegrationTest
@Import(TestTokens.Decoder.class)
@interface ContentIntegrationTest {}
