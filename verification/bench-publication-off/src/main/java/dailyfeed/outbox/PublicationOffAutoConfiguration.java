package dailyfeed.outbox;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The write path's baseline for the benchmark: an {@link EventOutbox} that records nothing, so a post costs only its
 * own row. Declared before {@link OutboxAutoConfiguration}, whose outbox then steps aside. In the outbox's package
 * because the outbox is built by its own library only; this jar reaches a service solely through the benchmark's
 * {@code loader.path}.
 */
@AutoConfiguration(before = OutboxAutoConfiguration.class)
public class PublicationOffAutoConfiguration {

    @Bean
    EventOutbox eventOutbox() {
        return new NoEvents();
    }

    /** Keeps the outbox's one rule (a change's transaction must be there) and drops the event. */
    static final class NoEvents extends EventOutbox {

        NoEvents() {
            super(null, null, null, null, false);
        }

        @Override
        public void record(dailyfeed.events.ActivityEvent event) {
            if (!org.springframework.transaction.support.TransactionSynchronizationManager
                    .isActualTransactionActive()) {
                throw new IllegalStateException("an event must be recorded in the transaction of its change");
            }
        }
    }
}
