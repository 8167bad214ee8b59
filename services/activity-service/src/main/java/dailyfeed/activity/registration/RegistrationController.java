package dailyfeed.activity.registration;

import dailyfeed.activity.store.ActivityItem;
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
    ResponseEntity<ActivityItem> register(@Valid @RequestBody ActivityRegistration registration) {
        Registrations.Registered registered = registrations.register(registration.toEvent());
        return ResponseEntity.status(registered.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(registered.item());
    }
}
