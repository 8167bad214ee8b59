package dailyfeed.launcher;

/**
 * One process of a component the launcher runs from a service jar: {@code activity-service} instance 2 is named
 * {@code activity-service-2} (its log, pid file and working folder carry that name); instance 1 keeps the component's
 * own name, so a single-instance system looks exactly as it always did.
 *
 * @param component the deployable whose jar it runs
 * @param number    1 for the first instance
 * @param port      where it listens for HTTP
 */
record Instance(Component component, int number, int port) {

    /**
     * Instance {@code k} of a component listens on the component's port + {@code PORT_STEP}·(k−1): 8080, 8180, ... for
     * the gateway and 8083, 8183, ... for activity-service. A step of 100 keeps the defaults (8080–8083, 9092/9093,
     * 15432) clear of each other for up to nine instances, and the numbers are easy to guess from the first one.
     */
    static final int PORT_STEP = 100;

    static Instance of(Component component, int number, int firstPort) {
        return new Instance(component, number, firstPort + PORT_STEP * (number - 1));
    }

    String name() {
        return number == 1 ? component.moduleName() : component.moduleName() + "-" + number;
    }

    String url() {
        return "http://localhost:" + port;
    }
}
