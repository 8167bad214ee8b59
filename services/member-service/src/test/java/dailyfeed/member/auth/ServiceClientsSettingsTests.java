package dailyfeed.member.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.ResourcePropertySource;

/** member-service's own application.properties, bound as at startup: no secret, no start. */
class ServiceClientsSettingsTests {

    private static final String OWN_SECRET = "a-secret-of-this-installation-only";

    private final ApplicationContextRunner member = new ApplicationContextRunner()
            .withInitializer(
                    context -> context.getEnvironment().getPropertySources().addLast(mainProperties()))
            .withUserConfiguration(Clients.class);

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(ServiceClientsSettings.class)
    static class Clients {}

    /** The main application.properties: the test classpath has its own only under config/. */
    private static ResourcePropertySource mainProperties() {
        try {
            return new ResourcePropertySource(new ClassPathResource("application.properties"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void withoutASecretMemberServiceRefusesToStartAndNamesTheVariable() {
        member.run(context -> assertThat(context)
                .hasFailed()
                .getFailure()
                .rootCause()
                .hasMessageContaining("has no secret: set DAILYFEED_SERVICE_CLIENT_SECRET"));
        member.withPropertyValues("DAILYFEED_SERVICE_CLIENT_SECRET=" + OWN_SECRET)
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("has no secret: set DAILYFEED_OPERATIONS_CLIENT_SECRET"));
    }

    @Test
    void theSecretEarlierVersionsPublishedIsRefused() {
        member.withPropertyValues(
                        "DAILYFEED_SERVICE_CLIENT_SECRET=dailyfeed-service-secret",
                        "DAILYFEED_OPERATIONS_CLIENT_SECRET=" + OWN_SECRET)
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("published in the dailyfeed repository")
                        .hasMessageContaining("DAILYFEED_SERVICE_CLIENT_SECRET"));
    }

    @Test
    void aShortSecretIsRefused() {
        member.withPropertyValues(
                        "DAILYFEED_SERVICE_CLIENT_SECRET=" + OWN_SECRET, "DAILYFEED_OPERATIONS_CLIENT_SECRET=hunter2")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("DAILYFEED_OPERATIONS_CLIENT_SECRET to at least 16"));
    }

    @Test
    void twoOwnSecretsGiveTwoClientsWithOneScopeEach() {
        member.withPropertyValues(
                        "DAILYFEED_SERVICE_CLIENT_SECRET=" + OWN_SECRET,
                        "DAILYFEED_OPERATIONS_CLIENT_SECRET=" + OWN_SECRET + "-ops")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    ServiceClientsSettings clients = context.getBean(ServiceClientsSettings.class);
                    assertThat(clients.scoped())
                            .extracting(scoped -> scoped.client().id() + " " + scoped.scope())
                            .containsExactly("dailyfeed-service activities.write", "dailyfeed-operations operations");
                    assertThat(clients.registration().toString()).doesNotContain(OWN_SECRET);
                });
    }
}
