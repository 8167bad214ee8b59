package dailyfeed.platform.openapi;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * The service's title, version and description, and the bearer-token scheme that every operation requires unless it
 * says otherwise ({@code @SecurityRequirements()} with nothing in it, as on sign-up and login): Swagger UI's
 * "Authorize" takes the {@code accessToken} of a login and sends it with every such call.
 */
public class ApiDescription implements OpenApiCustomizer {

    /** The name of the bearer scheme in {@code components.securitySchemes}. */
    public static final String BEARER = "bearer";

    private final ApiDescriptionSettings settings;
    private final ProblemResponses problems = new ProblemResponses();

    ApiDescription(ApiDescriptionSettings settings) {
        this.settings = settings;
    }

    @Override
    public void customise(OpenAPI api) {
        api.info(new Info().title(settings.title()).version(settings.version()).description(settings.description()));
        if (api.getComponents() == null) {
            api.components(new Components());
        }
        api.getComponents()
                .addSecuritySchemes(
                        BEARER,
                        new SecurityScheme()
                                .type(SecurityScheme.Type.HTTP)
                                .scheme("bearer")
                                .bearerFormat("JWT")
                                .description("A member token (the accessToken of POST /api/auth/login) or, where an"
                                        + " operation says so, a service token (POST /oauth2/token)."));
        api.security(List.of(new SecurityRequirement().addList(BEARER)));
        // in this customizer, not one of its own: springdoc runs customizers in no set order, and the problems read
        // the security set here
        problems.customise(api);
    }
}
