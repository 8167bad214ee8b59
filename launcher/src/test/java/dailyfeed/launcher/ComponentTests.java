package dailyfeed.launcher;

import static dailyfeed.launcher.Component.ACTIVITY_SERVICE;
import static dailyfeed.launcher.Component.CONTENT_SERVICE;
import static dailyfeed.launcher.Component.GATEWAY;
import static dailyfeed.launcher.Component.MEMBER_SERVICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComponentTests {

    @TempDir
    Path home;

    @Test
    void theServicesStartInDeclarationOrderAndTheGatewayIsNotOne() {
        assertThat(Component.services()).containsExactly(MEMBER_SERVICE, CONTENT_SERVICE, ACTIVITY_SERVICE);
        assertThat(GATEWAY.kind()).isEqualTo(Component.Kind.GATEWAY);
    }

    @Test
    void eachModuleLiesInTheServicesFolderAndLeavesAnExecJar() {
        assertThat(GATEWAY.folder()).isEqualTo("services/gateway");
        assertThat(MEMBER_SERVICE.jarPattern()).isEqualTo("services/member-service/target/member-service-*-exec.jar");
        assertThat(Component.ofModule("content-service")).contains(CONTENT_SERVICE);
        assertThat(Component.ofModule("kafka")).isEmpty();
    }

    @Test
    void eachServiceOwnsTheDatabaseNamedAfterItAndTheGatewayNone() {
        assertThat(MEMBER_SERVICE.database()).contains("member");
        assertThat(CONTENT_SERVICE.database()).contains("content");
        assertThat(ACTIVITY_SERVICE.database()).contains("activity");
        assertThat(GATEWAY.database()).isEmpty();
        assertThat(EmbeddedPostgresServer.SERVICE_DATABASES).containsExactly("member", "content", "activity");
    }

    @Test
    void theDocumentedPortSettings() {
        assertThat(GATEWAY.portSetting()).isEqualTo(new Component.PortSetting("port", "DAILYFEED_PORT", 8080));
        assertThat(ACTIVITY_SERVICE.portSetting())
                .isEqualTo(new Component.PortSetting("activity-port", "DAILYFEED_ACTIVITY_PORT", 8083));
    }

    @Test
    void theStreamHoldersGetG1() {
        assertThat(ACTIVITY_SERVICE.heapAndCollector()).contains("-Xmx1536m", "-XX:+UseG1GC");
        assertThat(GATEWAY.heapAndCollector()).contains("-Xmx2g", "-XX:+UseG1GC");
        assertThat(CONTENT_SERVICE.heapAndCollector()).contains("-Xmx256m", "-XX:+UseSerialGC");
    }

    @Test
    void servicesAreFoundThroughTheirUrlVariableButTheGatewayIsNot() {
        assertThat(ACTIVITY_SERVICE.urlVariable()).isEqualTo("ACTIVITY_SERVICE_URL");
        assertThatIllegalStateException().isThrownBy(GATEWAY::urlVariable);
    }

    @Test
    void theNewestBuiltJarOfAComponentIsFoundAndNoOtherModulesJar() throws Exception {
        Path target = Files.createDirectories(home.resolve("services/gateway/target"));
        Path older = Files.createFile(target.resolve("gateway-0.9-exec.jar"));
        Path newer = Files.createFile(target.resolve("gateway-1.0-exec.jar"));
        Files.createFile(target.resolve("gateway-1.0.jar")); // the plain jar cannot run
        Files.setLastModifiedTime(older, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
        Files.setLastModifiedTime(newer, FileTime.from(Instant.parse("2026-02-01T00:00:00Z")));

        assertThat(ComponentJars.newest(home, GATEWAY)).contains(newer);
        assertThat(ComponentJars.newest(home, MEMBER_SERVICE)).isEmpty();
    }
}
