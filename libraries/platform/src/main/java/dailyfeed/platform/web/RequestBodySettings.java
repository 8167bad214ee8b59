package dailyfeed.platform.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How large a request body may be ({@code dailyfeed.http.request-body.max}, 64 KiB by default): the largest valid
 * body (a post of 5000 four-byte characters) is about 20 KiB.
 */
@ConfigurationProperties("dailyfeed.http.request-body")
public record RequestBodySettings(@DefaultValue("64KB") DataSize max) {}
