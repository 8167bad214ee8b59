package dailyfeed.member.account;

import dailyfeed.platform.security.CurrentMember;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import jakarta.validation.Valid;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Sign-up and member profiles. */
@RestController
@RequestMapping("/api/members")
class MemberController {

    private final MemberRegistration registration;
    private final MemberProfiles profiles;

    MemberController(MemberRegistration registration, MemberProfiles profiles) {
        this.registration = registration;
        this.profiles = profiles;
    }

    @PostMapping
    @SecurityRequirements // sign-up is how a client starts: no token
    @ApiResponse(
            responseCode = "201",
            description = "Signed up.",
            headers = @Header(name = "Location", description = "The new member's path."))
    @ApiResponse(responseCode = "409", description = "The handle is taken.")
    @ApiResponse(
            responseCode = "429",
            description = "Past the sign-ups of an address (the gateway's rate limit, 20 a minute); nothing was done.")
    ResponseEntity<MemberSummary> signUp(@Valid @RequestBody SignUpRequest request) {
        MemberSummary member = MemberSummary.of(registration.signUp(request));
        return ResponseEntity.created(URI.create("/api/members/" + member.id())).body(member);
    }

    @GetMapping("/me")
    MemberProfile me(@AuthenticationPrincipal Jwt token) {
        return profiles.profileOf(CurrentMember.of(token).id());
    }

    @GetMapping("/{id}")
    @ApiResponse(responseCode = "200", description = "The member with follow counts.")
    @ApiResponse(responseCode = "404", description = "No such member.")
    MemberProfile member(@PathVariable long id) {
        return profiles.profileOf(id);
    }
}
