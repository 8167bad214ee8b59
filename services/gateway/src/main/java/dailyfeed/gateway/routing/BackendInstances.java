package dailyfeed.gateway.routing;

/** Each service's instances, balanced: what the routes, the event streams and the token keys are sent to. */
record BackendInstances(
        ServiceInstances memberService, ServiceInstances contentService, ServiceInstances activityService) {

    static BackendInstances of(Backends backends) {
        return new BackendInstances(
                ServiceInstances.of("member-service", backends.memberService()),
                ServiceInstances.of("content-service", backends.contentService()),
                ServiceInstances.of("activity-service", backends.activityService()));
    }
}
