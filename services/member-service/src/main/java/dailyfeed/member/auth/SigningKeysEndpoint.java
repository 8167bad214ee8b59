package dailyfeed.member.auth;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/signingkeys} (scope {@code operations}): GET lists the keys (ids and dates, never key material);
 * POST rotates: new tokens are signed with the next key (already published), the old one stays published until its
 * tokens have expired, and a new next key is published.
 */
@Component
@Endpoint(id = "signingkeys")
class SigningKeysEndpoint {

    private final SigningKeys keys;

    SigningKeysEndpoint(SigningKeys keys) {
        this.keys = keys;
    }

    @ReadOperation
    Map<String, Object> signingKeys() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("activeKid", keys.current().getKeyID());
        body.put("nextKid", keys.next());
        body.put("retiredKeysPublishedForSeconds", keys.retention().toSeconds());
        body.put("keys", keys.list());
        return body;
    }

    @WriteOperation
    Map<String, Object> rotate() {
        SigningKeys.StoredKey rotated = keys.rotate();
        Map<String, Object> body = signingKeys();
        body.put("rotatedTo", rotated.kid());
        return body;
    }
}
