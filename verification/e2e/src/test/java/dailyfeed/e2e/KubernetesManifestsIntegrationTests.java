package dailyfeed.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dailyfeed.e2e.KubernetesManifests.Container;
import dailyfeed.harness.LaunchedDailyfeed;
import dailyfeed.harness.RunningDailyfeed;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * The Kubernetes manifests (operations/kubernetes), rendered as an operator renders them, against the system they
 * deploy: every probe asks an endpoint the service answers, every variable a container sets is one its service reads
 * (and every one it needs is set, credentials from Secrets), every ConfigMap and Secret key referenced exists, every
 * Deployment has a disruption budget, and every container has resources and runs as a user that is not root.
 */
class KubernetesManifestsIntegrationTests {

    @RegisterExtension
    static final RunningDailyfeed dailyfeed = E2eSystem.shared();

    private static final Path HOME = LaunchedDailyfeed.home();
    private static final List<String> DEPLOYABLES =
            List.of("member-service", "content-service", "activity-service", "gateway");
    /**
     * What a container may set beyond its service's placeholders: the JVM's options (JAVA_TOOL_OPTIONS, which the
     * image sets and a Deployment may replace, docs/deploying.md) and Spring Boot's settings as JSON
     * (SPRING_APPLICATION_JSON, for a setting without a variable of its own, as the reliability suite uses it).
     */
    private static final Set<String> READ_BY_THE_PLATFORM = Set.of("JAVA_TOOL_OPTIONS", "SPRING_APPLICATION_JSON");

    private static KubernetesManifests example;

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void render() throws Exception {
        example = KubernetesManifests.render(HOME.resolve("operations/kubernetes/overlays/example"));
    }

    @Test
    void theExampleDeploysEachDeployableOnceFromItsImage() {
        assertThat(example.containers()).extracting(Container::name).containsExactlyInAnyOrderElementsOf(DEPLOYABLES);
        assertThat(example.containers())
                .allSatisfy(
                        container -> assertThat(container.spec().path("image").asString())
                                .as(container.name())
                                .matches(".*/" + container.name() + ":[^/]+"));
    }

    @Test
    void everyProbeAsksAHealthGroupTheServiceAnswersOnThePortItListensOn() throws Exception {
        List<String> asked = new ArrayList<>();
        for (Container container : example.containers()) {
            String service = container.name();
            int listensOn = KubernetesManifests.defaultPort(HOME, service); // no container sets PORT (checked below)
            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                JsonNode get = container.spec().path(probe).path("httpGet");
                assertThat(get.isObject()).as(service + " " + probe).isTrue();
                assertThat(container.port(get.path("port")))
                        .as(service + " " + probe + " port")
                        .isEqualTo(listensOn);
                String path = get.path("path").asString();
                HttpResponse<String> answer = http.send(
                        HttpRequest.newBuilder(URI.create(runningAddressOf(service) + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode())
                        .as(service + " " + probe + " GET " + path)
                        .isEqualTo(200);
                asked.add(service + " " + path);
            }
            // liveness must not look at what readiness looks at (a database that is down restarts nothing)
            assertThat(container.spec().at("/livenessProbe/httpGet/path").asString())
                    .isEqualTo("/actuator/health/liveness");
            assertThat(container.spec().at("/readinessProbe/httpGet/path").asString())
                    .isEqualTo("/actuator/health/readiness");
        }
        assertThat(asked).hasSize(3 * DEPLOYABLES.size());
    }

    @Test
    void everyVariableAContainerSetsIsOneItsServiceReadsAndEveryOneWithoutDefaultIsSet() throws Exception {
        for (Container container : example.containers()) {
            String service = container.name();
            Map<String, Boolean> read = KubernetesManifests.variablesRead(HOME, service);
            assertThat(read).as(service + " reads placeholders").isNotEmpty();
            Set<String> set = variablesSet(container);
            assertThat(set.stream()
                            .filter(variable ->
                                    !read.containsKey(variable) && !READ_BY_THE_PLATFORM.contains(variable)))
                    .as(service + ": variables its application.properties does not read")
                    .isEmpty();
            read.forEach((variable, hasDefault) -> {
                if (!hasDefault) {
                    assertThat(set).as(service + " needs " + variable).contains(variable);
                }
            });
            assertThat(set)
                    .as(service + ": PORT (the image exposes the default)")
                    .doesNotContain("PORT");
            // Kubernetes would add <SERVICE>_PORT=tcp://... for every Service of the namespace
            assertThat(container.podSpec().path("enableServiceLinks").asBoolean(true))
                    .as(service + " enableServiceLinks")
                    .isFalse();
            for (JsonNode variable : container.spec().path("env")) {
                String name = variable.path("name").asString();
                if (name.matches(".*(PASSWORD|SECRET).*")) {
                    assertThat(variable.at("/valueFrom/secretKeyRef").isObject())
                            .as(service + " " + name + " from a Secret")
                            .isTrue();
                }
            }
        }
    }

    @Test
    void everyConfigMapAndSecretKeyAContainerReadsIsDefined() {
        int references = 0;
        for (Container container : example.containers()) {
            for (JsonNode variable : container.spec().path("env")) {
                for (String source : List.of("configMapKeyRef", "secretKeyRef")) {
                    JsonNode reference = variable.path("valueFrom").path(source);
                    if (reference.isObject()) {
                        String kind = source.equals("secretKeyRef") ? "Secret" : "ConfigMap";
                        assertThat(keysOf(kind, reference.path("name").asString()))
                                .as(container.name() + " "
                                        + variable.path("name").asString() + " from " + reference)
                                .contains(reference.path("key").asString());
                        references++;
                    }
                }
            }
            for (JsonNode from : container.spec().path("envFrom")) {
                String kind = from.has("secretRef") ? "Secret" : "ConfigMap";
                String name = from.path(from.has("secretRef") ? "secretRef" : "configMapRef")
                        .path("name")
                        .asString();
                assertThat(example.named(kind, name))
                        .as(container.name() + " envFrom " + from)
                        .isPresent();
                references++;
            }
        }
        assertThat(references).isGreaterThan(20);
    }

    @Test
    void everyDeploymentHasMoreThanOneReplicaAndADisruptionBudgetSelectingIt() {
        List<JsonNode> deployments = example.ofKind("Deployment").toList();
        assertThat(deployments).hasSize(DEPLOYABLES.size());
        for (JsonNode deployment : deployments) {
            String name = deployment.at("/metadata/name").asString();
            int replicas = deployment.at("/spec/replicas").asInt(1);
            assertThat(replicas).as(name + " replicas").isGreaterThan(1);
            Map<String, String> podLabels = labels(deployment.at("/spec/template/metadata/labels"));
            List<JsonNode> budgets = example.ofKind("PodDisruptionBudget")
                    .filter(budget -> podLabels
                            .entrySet()
                            .containsAll(labels(budget.at("/spec/selector/matchLabels"))
                                    .entrySet()))
                    .filter(budget -> !budget.at("/spec/selector/matchLabels").isEmpty())
                    .toList();
            assertThat(budgets).as(name + ": one PodDisruptionBudget").hasSize(1);
            assertThat(budgets.get(0).at("/spec/minAvailable").asInt(0))
                    .as(name + " minAvailable")
                    .isBetween(1, replicas - 1);
        }
    }

    @Test
    void everyContainerHasResourcesAndRunsAsAUserThatIsNotRootOnAReadOnlyRootFileSystem() {
        for (Container container : example.containers()) {
            String name = container.name();
            JsonNode resources = container.spec().path("resources");
            assertThat(resources.at("/requests/cpu").asString())
                    .as(name + " cpu request")
                    .isNotBlank();
            assertThat(resources.at("/requests/memory").asString())
                    .as(name + " memory request")
                    .isNotBlank();
            assertThat(resources.at("/limits/memory").asString())
                    .as(name + " memory limit")
                    .isNotBlank();

            JsonNode pod = container.podSpec().path("securityContext");
            JsonNode own = container.spec().path("securityContext");
            boolean nonRoot =
                    own.path("runAsNonRoot").asBoolean(pod.path("runAsNonRoot").asBoolean(false));
            assertThat(nonRoot).as(name + " runAsNonRoot").isTrue();
            int user = own.path("runAsUser").asInt(pod.path("runAsUser").asInt(-1));
            assertThat(user).as(name + " runAsUser").isNotZero();
            assertThat(own.path("allowPrivilegeEscalation").asBoolean(true))
                    .as(name + " allowPrivilegeEscalation")
                    .isFalse();
            assertThat(own.path("readOnlyRootFilesystem").asBoolean(false))
                    .as(name + " readOnlyRootFilesystem")
                    .isTrue();
            // the JVM and Tomcat write their temporary files there: a volume, since the root file system is not
            // writable
            assertThat(container
                            .spec()
                            .path("volumeMounts")
                            .valueStream()
                            .map(mount -> mount.path("mountPath").asString()))
                    .as(name + " a volume at /tmp")
                    .contains("/tmp");
        }
    }

    private String runningAddressOf(String service) throws Exception {
        if (service.equals("gateway")) {
            return dailyfeed.baseUrl();
        }
        // a system this run started has ports of its own; one already running (-De2e.baseUrl) has the defaults
        int port = dailyfeed.port(service).orElse(KubernetesManifests.defaultPort(HOME, service));
        return "http://localhost:" + port;
    }

    private static Set<String> variablesSet(Container container) {
        Set<String> names = new HashSet<>();
        container
                .spec()
                .path("env")
                .forEach(variable -> names.add(variable.path("name").asString()));
        for (JsonNode from : container.spec().path("envFrom")) {
            String kind = from.has("secretRef") ? "Secret" : "ConfigMap";
            String name = from.path(from.has("secretRef") ? "secretRef" : "configMapRef")
                    .path("name")
                    .asString();
            String prefix = from.path("prefix").asString("");
            keysOf(kind, name).forEach(key -> names.add(prefix + key));
        }
        return names;
    }

    private static Set<String> keysOf(String kind, String name) {
        Set<String> keys = new HashSet<>();
        example.named(kind, name).ifPresent(object -> {
            object.path("data").propertyNames().forEach(keys::add);
            object.path("stringData").propertyNames().forEach(keys::add);
        });
        return keys;
    }

    private static Map<String, String> labels(JsonNode labels) {
        Map<String, String> map = new HashMap<>();
        labels.properties()
                .forEach(entry -> map.put(entry.getKey(), entry.getValue().asString()));
        return map;
    }
}
