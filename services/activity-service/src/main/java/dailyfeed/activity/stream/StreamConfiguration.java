package dailyfeed.activity.stream;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Heartbeats run on the scheduler; the stream's settings bind from {@code dailyfeed.activity.stream.*}. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties(StreamSettings.class)
class StreamConfiguration {}
