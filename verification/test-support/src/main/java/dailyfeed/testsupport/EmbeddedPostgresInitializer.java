package dailyfeed.testsupport;

import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Points a Spring test context at a database of the shared {@link TestPostgres} server, named after
 * {@code spring.application.name} so that each service keeps its own database, as in production.
 */
public class EmbeddedPostgresInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        var environment = context.getEnvironment();
        String name = environment.getProperty("spring.application.name", "test").replace('-', '_');
        environment
                .getPropertySources()
                .addFirst(new MapPropertySource(
                        "embedded-postgres",
                        Map.of(
                                "spring.datasource.url", TestPostgres.jdbcUrl(name),
                                "spring.datasource.username", "postgres",
                                "spring.datasource.password", "postgres")));
    }
}
