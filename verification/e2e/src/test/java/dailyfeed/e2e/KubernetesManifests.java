package dailyfeed.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The Kubernetes objects of a kustomization as {@code kubectl kustomize} renders them (the command an operator runs
 * before {@code kubectl apply}), and the settings each service reads, for checking one against the other.
 *
 * @param objects every rendered object, in order
 */
record KubernetesManifests(List<JsonNode> objects) {

    /** {@code ${NAME}}, {@code ${NAME:default}}: an environment variable an application.properties reads. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(:[^}]*)?}");

    private static final Pattern DEFAULT_PORT = Pattern.compile("(?m)^server\\.port=\\$\\{PORT:(\\d+)}$");

    KubernetesManifests {
        objects = List.copyOf(objects);
    }

    /** {@code kubectl kustomize kustomization}; fails, saying what to install, without kubectl. */
    static KubernetesManifests render(Path kustomization) throws IOException, InterruptedException {
        Path errors = Files.createTempFile("kustomize", ".err");
        try {
            Process kubectl;
            try {
                kubectl = new ProcessBuilder("kubectl", "kustomize", kustomization.toString())
                        .redirectError(errors.toFile())
                        .start();
            } catch (IOException notFound) {
                throw new AssertionError(
                        "kubectl is needed to render " + kustomization + " and is not on the PATH: install it"
                                + " (Debian: apt-get install kubernetes-client; .ci/run does so on CI)",
                        notFound);
            }
            String yaml = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (kubectl.waitFor() != 0) {
                throw new AssertionError(
                        "kubectl kustomize " + kustomization + " failed:\n" + Files.readString(errors));
            }
            try (MappingIterator<JsonNode> documents =
                    YAMLMapper.builder().build().readerFor(JsonNode.class).readValues(yaml)) {
                return new KubernetesManifests(documents.readAll().stream()
                        .filter(document -> !document.isNull() && !document.isMissingNode())
                        .toList());
            }
        } finally {
            Files.deleteIfExists(errors);
        }
    }

    Stream<JsonNode> ofKind(String kind) {
        return objects.stream().filter(object -> object.path("kind").asString().equals(kind));
    }

    Optional<JsonNode> named(String kind, String name) {
        return ofKind(kind)
                .filter(object -> object.at("/metadata/name").asString().equals(name))
                .findFirst();
    }

    /** Every container of every Deployment, with the Deployment it belongs to. */
    List<Container> containers() {
        List<Container> containers = new ArrayList<>();
        ofKind("Deployment")
                .forEach(deployment -> deployment
                        .at("/spec/template/spec/containers")
                        .forEach(container -> containers.add(new Container(deployment, container))));
        return containers;
    }

    /** One container of a Deployment; its name is the service (module) it runs. */
    record Container(JsonNode deployment, JsonNode spec) {

        String name() {
            return spec.path("name").asString();
        }

        JsonNode podSpec() {
            return deployment.at("/spec/template/spec");
        }

        /** The number of the container port {@code port} names (a number, or the name of one of its ports). */
        int port(JsonNode port) {
            if (port.isNumber()) {
                return port.asInt();
            }
            for (JsonNode declared : spec.path("ports")) {
                if (declared.path("name").asString().equals(port.asString())) {
                    return declared.path("containerPort").asInt();
                }
            }
            throw new AssertionError(name() + " has no port named " + port);
        }
    }

    /**
     * The environment variables {@code service}'s application.properties reads ({@code ${NAME}} placeholders), each
     * with whether it has a default that is not empty: one without must be set.
     */
    static Map<String, Boolean> variablesRead(Path home, String service) throws IOException {
        Matcher placeholders = PLACEHOLDER.matcher(applicationProperties(home, service));
        Map<String, Boolean> variables = new LinkedHashMap<>();
        while (placeholders.find()) {
            boolean hasDefault =
                    placeholders.group(2) != null && placeholders.group(2).length() > 1;
            variables.merge(placeholders.group(1), hasDefault, Boolean::logicalOr);
        }
        return variables;
    }

    /** The port {@code service} listens on when PORT is not set ({@code server.port=${PORT:8081}}). */
    static int defaultPort(Path home, String service) throws IOException {
        Matcher port = DEFAULT_PORT.matcher(applicationProperties(home, service));
        if (!port.find()) {
            throw new AssertionError(service + ": no server.port=${PORT:<port>} in its application.properties");
        }
        return Integer.parseInt(port.group(1));
    }

    private static String applicationProperties(Path home, String service) throws IOException {
        return Files.readString(
                home.resolve("services").resolve(service).resolve("src/main/resources/application.properties"));
    }
}
