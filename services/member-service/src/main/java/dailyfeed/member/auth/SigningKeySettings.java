package dailyfeed.member.auth;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the signing keys are kept ({@code dailyfeed.security.*}).
 *
 * @param signingKeyPassword encrypts the private keys in the database; required, no default
 *     ({@code DAILYFEED_SIGNING_KEY_PASSWORD})
 * @param signingKeyRefreshInterval how stale an instance's view of the keys may get: after a rotation on another
 *     instance, this one signs with the new key and publishes it at most this long later
 */
@ConfigurationProperties("dailyfeed.security")
record SigningKeySettings(
        String signingKeyPassword, @DefaultValue("2s") Duration signingKeyRefreshInterval) {

    @Override
    public String toString() {
        return "SigningKeySettings[signingKeyRefreshInterval=" + signingKeyRefreshInterval + "]"; // never the password
    }
}
