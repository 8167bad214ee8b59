package dailyfeed.platform.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How large a request body may be ({@code max}, 64 KiB by default: the largest valid body, a post of 5000 four-byte
 * characters, is about 20 KiB), and how much of a refused body is read and thrown away after the 413 has been sent
 * ({@code discard-max}, 16 MiB), so that the client, still sending, gets the answer instead of a reset connection.
 */
@ConfigurationProperties("dailyfeed.http.request-body")
public record RequestBodySettings(
        @DefaultValue("64KB") DataSize max,
        @DefaultValue("16MB") DataSize discardMax) {}
