package dailyfeed.events;

/** The Kafka topic that carries member activity. Its name is configurable; this is the default. */
public final class ActivityTopic {

    public static final String DEFAULT_NAME = "dailyfeed.member-activity";

    /** Property that overrides the topic name in every service. */
    public static final String NAME_PROPERTY = "dailyfeed.activity-topic";

    private ActivityTopic() {}
}
