package dailyfeed.platform.openapi;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Completes the OpenAPI description of every service that names it ({@code dailyfeed.api.title}): its
 * {@link ApiDescription info and bearer scheme}, and the {@link ProblemResponses problem answers} of each operation.
 * The gateway, which only shows the services' descriptions, names none.
 */
@AutoConfiguration
@ConditionalOnClass(OpenApiCustomizer.class)
@ConditionalOnProperty("dailyfeed.api.title")
@EnableConfigurationProperties(ApiDescriptionSettings.class)
public class ApiDescriptionConfiguration {

    @Bean
    ApiDescription apiDescription(ApiDescriptionSettings settings) {
        return new ApiDescription(settings);
    }
}
