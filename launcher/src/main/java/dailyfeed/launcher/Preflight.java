package dailyfeed.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What must hold before anything starts: every jar is built, no port is taken. Each failure is told to the user. */
final class Preflight {

    private final LauncherSettings settings;
    private final PrintStream console;

    Preflight(LauncherSettings settings, PrintStream console) {
        this.settings = settings;
        this.console = console;
    }

    /** The newest runnable jar of each component; empty (with a message) if one is not built. */
    Optional<Map<Component, Path>> jars() {
        Map<Component, Path> jars = new EnumMap<>(Component.class);
        List<String> missing = new ArrayList<>();
        for (Component component : Component.values()) {
            ComponentJars.newest(settings.home(), component)
                    .ifPresentOrElse(jar -> jars.put(component, jar), () -> missing.add(component.jarPattern()));
        }
        if (!missing.isEmpty()) {
            console.println("dailyfeed: not built yet: " + String.join(", ", missing)
                    + "\nBuild with ./mvnw -DskipTests package (./dailyfeed up does it for you), home is "
                    + settings.home());
            return Optional.empty();
        }
        return Optional.of(jars);
    }

    /** True when every port of the stack can be bound on all interfaces. */
    boolean portsAreFree() {
        for (Map.Entry<String, Integer> port : settings.ports().entrySet()) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), port.getValue()));
            } catch (IOException e) {
                console.printf(
                        "dailyfeed: port %d (%s) is already in use; stop what uses it or choose other ports"
                                + " (./dailyfeed help)%n",
                        port.getValue(), port.getKey());
                return false;
            }
        }
        return true;
    }
}
