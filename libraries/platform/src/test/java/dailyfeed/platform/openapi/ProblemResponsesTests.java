package dailyfeed.platform.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.parameters.PathParameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProblemResponsesTests {

    private final ApiDescription description =
            new ApiDescription(new ApiDescriptionSettings("dailyfeed test", "1.0", "A test."));

    @Test
    void aSecuredWriteWithABodyAnswersEveryCommonProblem() {
        Operation write = new Operation()
                .requestBody(new RequestBody().content(json()))
                .responses(new ApiResponses().addApiResponse("201", new ApiResponse().content(json())));
        customise("/things", new PathItem().post(write));

        assertThat(write.getResponses()).containsOnlyKeys("201", "400", "401", "403", "413", "429", "503", "500");
        assertThat(write.getResponses().get("201").getContent()).containsOnlyKeys("application/json");
        assertThat(write.getResponses().get("400").getContent()).containsOnlyKeys("application/problem+json");
        assertThat(write.getResponses().get("401").getHeaders()).containsKey("WWW-Authenticate");
        assertThat(write.getResponses().get("429").getHeaders()).containsKey("Retry-After");
    }

    @Test
    void aPublicReadWithoutInputAnswersOnlyWhatEveryOperationMay() {
        Operation read = new Operation().security(List.of()).responses(new ApiResponses());
        customise("/public", new PathItem().get(read));

        assertThat(read.getResponses()).containsOnlyKeys("503", "500");
    }

    @Test
    void theErrorsAnOperationStatesGetAProblemBodyWhateverSpringdocGuessed() {
        Operation read = new Operation()
                .addParametersItem(new PathParameter().name("id"))
                .responses(new ApiResponses()
                        .addApiResponse("200", new ApiResponse().content(json()))
                        .addApiResponse(
                                "404",
                                new ApiResponse().description("No such thing.").content(json())));
        customise("/things/{id}", new PathItem().get(read));

        assertThat(read.getResponses()).containsOnlyKeys("200", "400", "401", "403", "404", "503", "500");
        assertThat(read.getResponses().get("404").getDescription()).isEqualTo("No such thing.");
        assertThat(read.getResponses().get("404").getContent()).containsOnlyKeys("application/problem+json");
    }

    @Test
    void namesTheServiceAndDefinesTheBearerSchemeAndTheProblemSchema() {
        OpenAPI api = customise("/x", new PathItem().get(new Operation()));

        assertThat(api.getInfo().getTitle()).isEqualTo("dailyfeed test");
        assertThat(api.getInfo().getVersion()).isEqualTo("1.0");
        assertThat(api.getComponents().getSecuritySchemes().get("bearer").getBearerFormat())
                .isEqualTo("JWT");
        assertThat(api.getComponents().getSchemas().get("ProblemDetail").getRequired())
                .containsExactly("type", "title", "status", "detail");
        assertThat(api.getComponents().getSchemas().get("ProblemDetail").getProperties())
                .containsKey("errors");
    }

    private OpenAPI customise(String path, PathItem item) {
        OpenAPI api = new OpenAPI().paths(new Paths().addPathItem(path, item));
        description.customise(api);
        return api;
    }

    private static Content json() {
        return new Content().addMediaType("application/json", new MediaType().schema(new ObjectSchema()));
    }
}
