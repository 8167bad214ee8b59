package dailyfeed.member.account;

import dailyfeed.platform.security.CurrentMember;
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
    ResponseEntity<MemberSummary> signUp(@Valid @RequestBody SignUpRequest request) {
        MemberSummary member = MemberSummary.of(registration.signUp(request));
        return ResponseEntity.created(URI.create("/api/members/" + member.id())).body(member);
    }

    @GetMapping("/me")
    MemberProfile me(@AuthenticationPrincipal Jwt token) {
        return profiles.profileOf(CurrentMember.of(token).id());
    }

    @GetMapping("/{id}")
    MemberProfile member(@PathVariable long id) {
        return profiles.profileOf(id);
    }
}
