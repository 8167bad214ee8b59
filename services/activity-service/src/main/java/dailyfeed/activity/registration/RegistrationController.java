package dailyfeed.activity.registration;

import dailyfeed.activity.store.ActivityItem;
import dailyfeed.platform.openapi.ApiDescription;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/activities}, for services holding the {@code activities.write} scope: 201 stored, 200 already stored
 * (same id, same body), 409 a known id with a different body.
 */
@RestController
class RegistrationController {

    private final Registrations registrations;

    RegistrationController(Registrations registrations) {
        this.registrations = registrations;
    }

    @PostMapping("/api/activities")
    @Operation(
            description = "For services: needs a service token with the `activities.write` scope (POST /oauth2/token)"
                    + " in `Authorization: Bearer`; a member token gets 403.",
            security = @SecurityRequirement(name = ApiDescription.BEARER))
    @ApiResponse(responseCode = "201", description = "Stored; the activity.")
    @ApiResponse(
            responseCode = "200",
            description = "Already stored under this `eventId` with the same body; the stored activity.")
    @ApiResponse(responseCode = "409", description = "This `eventId` is stored with a different body; nothing changed.")
    ResponseEntity<ActivityItem> register(@Valid @RequestBody ActivityRegistration registration) {
        Registrations.Registered registered = registrations.register(registration.toEvent());
        return ResponseEntity.status(registered.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(registered.item());
    }
}
