package dailyfeed.platform.openapi;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** How a service names itself in its OpenAPI description: the title, the version of its API and what it does. */
@ConfigurationProperties("dailyfeed.api")
public record ApiDescriptionSettings(String title, String version, String description) {}
