package dev.peercode.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceJvmTest {

    @TempDir
    Path home;

    private Path jar(String module) throws IOException {
        Path app = Files.createDirectories(home.resolve(module).resolve("target/quarkus-app"));
        return Files.writeString(app.resolve("quarkus-run.jar"), "");
    }

    @Test
    void eachServiceGetsItsHeapAndTheCommonOptions() throws IOException {
        List<String> planner = ServiceJvm.options(jar("planner-service"), null);
        List<String> lock = ServiceJvm.options(jar("lock-service"), null);

        assertThat(planner).contains("-Xmx160m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-XX:+ExitOnOutOfMemoryError");
        assertThat(lock).contains("-Xmx96m", "-XX:+UseSerialGC").doesNotContain("-XX:TieredStopAtLevel=1");
        // no archive was built: no CDS options
        assertThat(lock).noneMatch(option -> option.startsWith("-XX:SharedArchiveFile"));
    }

    @Test
    void theBuildsClassDataArchiveIsUsedWhenItExists() throws IOException {
        Path jar = jar("gateway-mcp");
        Path archive = Files.writeString(jar.resolveSibling("app-cds.jsa"), "");

        assertThat(ServiceJvm.options(jar, "")).contains("-XX:SharedArchiveFile=" + archive, "-Xshare:auto");
    }

    @Test
    void extraOptionsComeLastSoTheyWin() throws IOException {
        List<String> options = ServiceJvm.options(jar("gateway-mcp"), " -Xmx512m  -XX:+UseG1GC ");

        assertThat(options.subList(options.size() - 2, options.size())).containsExactly("-Xmx512m", "-XX:+UseG1GC");
        assertThat(options.indexOf("-Xmx160m")).isLessThan(options.indexOf("-Xmx512m"));
    }
}
