package dailyfeed.images;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarFile;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One image of a docker-archive tarball, the format {@code docker load} and {@code skopeo copy docker-archive:} read:
 * {@code manifest.json} names the config JSON and the layers (gzipped tars) in order; unpacked here into one folder, the
 * image's file system as a container would see it.
 *
 * @param repoTags the names the image is loaded under
 * @param config   the image's config ({@code config.Entrypoint}, {@code config.User}, ...)
 * @param layers   how many layers it has
 * @param root     where its file system is unpacked
 * @param modes    the mode of every file and folder, by its path in the image ({@code /opt/java/bin/java})
 */
record ImageArchive(List<String> repoTags, JsonNode config, int layers, Path root, Map<String, Integer> modes) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static ImageArchive unpack(Path tarball, Path root) throws IOException {
        try (TarFile archive = new TarFile(tarball.toFile())) {
            JsonNode manifest = JSON.readTree(read(archive, "manifest.json"));
            assertOneImage(manifest, tarball);
            JsonNode image = manifest.get(0);
            JsonNode config = JSON.readTree(read(archive, image.path("Config").asString()));
            List<String> tags =
                    image.path("RepoTags").valueStream().map(JsonNode::asString).toList();
            Map<String, Integer> modes = new LinkedHashMap<>();
            List<String> layers =
                    image.path("Layers").valueStream().map(JsonNode::asString).toList();
            for (String layer : layers) { // in order: a later layer's file replaces an earlier one's
                try (InputStream in = archive.getInputStream(entry(archive, layer));
                        TarArchiveInputStream files = new TarArchiveInputStream(new GZIPInputStream(in))) {
                    unpackLayer(files, root, modes);
                }
            }
            return new ImageArchive(tags, config, layers.size(), root, modes);
        }
    }

    /** The path of {@code imagePath} ({@code /opt/java/bin/java}) in the unpacked file system. */
    Path file(String imagePath) {
        return root.resolve(imagePath.replaceFirst("^/+", ""));
    }

    private static void unpackLayer(TarArchiveInputStream files, Path root, Map<String, Integer> modes)
            throws IOException {
        for (TarArchiveEntry entry = files.getNextEntry(); entry != null; entry = files.getNextEntry()) {
            String name = entry.getName().replaceFirst("^(\\./|/)+", "").replaceFirst("/$", "");
            Path target = root.resolve(name).normalize();
            if (!target.startsWith(root) || name.contains(".wh.")) {
                throw new IOException("a layer entry this test does not expect: " + entry.getName());
            }
            modes.put("/" + name, entry.getMode() & 07777);
            if (entry.isDirectory()) {
                Files.createDirectories(target);
            } else if (entry.isSymbolicLink()) {
                Files.createDirectories(target.getParent());
                Files.deleteIfExists(target);
                Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
            } else {
                Files.createDirectories(target.getParent());
                Files.copy(files, target, StandardCopyOption.REPLACE_EXISTING);
                Files.setPosixFilePermissions(target, permissions(entry.getMode()));
            }
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ ... OTHERS_EXECUTE, high bit first
        for (int bit = 0; bit < 9; bit++) {
            if ((mode & (1 << (8 - bit))) != 0) {
                permissions.add(bits[bit]);
            }
        }
        return permissions;
    }

    private static void assertOneImage(JsonNode manifest, Path tarball) throws IOException {
        if (!manifest.isArray() || manifest.size() != 1) {
            throw new IOException(tarball + ": manifest.json should describe one image: " + manifest);
        }
    }

    private static byte[] read(TarFile archive, String name) throws IOException {
        try (InputStream in = archive.getInputStream(entry(archive, name))) {
            return in.readAllBytes();
        }
    }

    private static TarArchiveEntry entry(TarFile archive, String name) throws IOException {
        return archive.getEntries().stream()
                .filter(entry -> entry.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new IOException("no " + name + " in the image tarball"));
    }
}
