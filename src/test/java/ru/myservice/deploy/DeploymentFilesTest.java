package ru.myservice.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import ru.myservice.config.IpRanges;
import ru.myservice.testing.ReadmeSettings;

/**
 * The deployment files, checked without Docker: Compose and the workflows parse and say what the
 * operator expects, every variable they use is documented in .env.example, Caddy accepts the
 * Caddyfile, and shellcheck accepts the scripts.
 */
class DeploymentFilesTest {

    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Pattern COMPOSE_VARIABLE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?:[:?-][^}]*)?}");
    private static final Pattern APP_SETTING = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::([^}]*))?}");
    private static final Pattern CADDY_VARIABLE = Pattern.compile("\\{\\$([A-Z][A-Z0-9_]*)(?::[^}]*)?}");

    private static String read(String file) throws IOException {
        return Files.readString(ROOT.resolve(file));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(String file) throws IOException {
        return (Map<String, Object>) new Yaml().load(read(file));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    private static Set<String> documentedVariables() throws IOException {
        Set<String> names = new LinkedHashSet<>();
        for (String line : read(".env.example").split("\n")) {
            if (line.matches("[A-Z][A-Z0-9_]*=.*")) {
                names.add(line.substring(0, line.indexOf('=')));
            }
        }
        return names;
    }

    @Test
    void composeRunsTheFourServicesAsTheOriginalDid() throws IOException {
        var services = map(yaml("docker-compose.yml").get("services"));

        assertThat(services).containsOnlyKeys("db", "casdoor", "app", "caddy");
        var db = map(services.get("db"));
        assertThat(db.get("image")).isEqualTo("postgres:15");
        assertThat(map(db.get("environment"))).containsEntry("POSTGRES_DB", "casdoor_db");
        assertThat((List<String>) db.get("volumes")).anyMatch(v -> v.startsWith("db_data:"));
        assertThat(db).containsKey("healthcheck");

        var casdoor = map(services.get("casdoor"));
        assertThat(map(casdoor.get("environment")))
                .containsEntry("origin", "${AUTH_URL:?set AUTH_URL in .env}")
                .containsEntry("staticBaseUrl", "${AUTH_URL}")
                .containsEntry("driverName", "postgres");
        assertThat((List<String>) casdoor.get("ports")).containsExactly("127.0.0.1:8000:8000");
        assertThat(map(map(casdoor.get("depends_on")).get("db"))).containsEntry("condition", "service_healthy");

        var app = map(services.get("app"));
        assertThat(app.get("build")).isEqualTo(".");
        assertThat(app.get("env_file")).isEqualTo(".env");
        assertThat(map(app.get("healthcheck")).get("test").toString()).contains("/actuator/health/readiness");
        assertThat(map(map(app.get("depends_on")).get("db"))).containsEntry("condition", "service_healthy");

        var caddy = map(services.get("caddy"));
        assertThat((List<String>) caddy.get("ports")).contains("80:80", "443:443");
        assertThat((List<String>) caddy.get("volumes")).anyMatch(v -> v.startsWith("caddy_data:"));
        assertThat(map(map(caddy.get("depends_on")).get("app"))).containsEntry("condition", "service_healthy");

        for (var name : services.keySet()) {
            var service = map(services.get(name));
            assertThat(service)
                    .as(name)
                    .containsEntry("restart", "unless-stopped")
                    .containsKey("logging");
        }
        assertThat(map(yaml("docker-compose.yml").get("volumes")))
                .containsKeys("db_data", "caddy_data", "caddy_config");
    }

    @Test
    void onlyCaddyIsPublishedOnTheHostsOtherInterfaces() throws IOException {
        for (String file : List.of("docker-compose.yml", "docker-compose.local.yml")) {
            var services = map(yaml(file).get("services"));
            for (var name : services.keySet()) {
                var ports = (List<Object>) map(services.get(name)).getOrDefault("ports", List.of());
                if (name.equals("caddy")) {
                    assertThat(ports).as(file + " caddy").containsExactly("80:80", "443:443", "443:443/udp");
                } else {
                    // Docker's published ports bypass ufw and firewalld: the firewall cannot close them.
                    assertThat(ports).as(file + " " + name).allMatch(DeploymentFilesTest::onLoopback);
                }
            }
        }
    }

    @Test
    void theAppPublishesNoHostPortSoItsReplicasCanRunSideBySide() throws IOException {
        var app = map(map(yaml("docker-compose.yml").get("services")).get("app"));

        assertThat(app).doesNotContainKey("ports").doesNotContainKey("container_name");
        assertThat(map(app.get("deploy"))).containsEntry("replicas", "${APP_REPLICAS:-1}");
        // Caddy finds every replica through Docker's DNS and spreads the requests over them.
        assertThat(read("Caddyfile")).contains("dynamic a app 8081").contains("lb_policy");
        var local = map(map(yaml("docker-compose.local.yml").get("services")).get("app"));
        assertThat((List<String>) local.get("ports")).containsExactly("127.0.0.1:8081:8081");
    }

    @Test
    void onlyCaddyOnTheComposeNetworkMaySpeakForTheClient() throws IOException {
        var compose = yaml("docker-compose.yml");
        assertThat(compose).as("the Compose network's subnet is declared").containsKey("networks");
        var ipam = map(map(map(compose.get("networks")).get("default")).get("ipam"));
        String subnet = map(((List<Object>) ipam.get("config")).getFirst())
                .get("subnet")
                .toString();
        var services = map(compose.get("services"));
        String trusted = map(map(services.get("app")).get("environment"))
                .get("TRUSTED_PROXIES")
                .toString();

        assertThat(trusted).isEqualTo("127.0.0.1/32,::1/128," + subnet);
        // Caddy is on that network, and every service stays on it alone.
        for (var name : services.keySet()) {
            assertThat(map(services.get(name))).as(name).doesNotContainKeys("networks", "network_mode");
        }
        var ranges = IpRanges.parse(List.of(trusted.split(",")));
        assertThat(ranges.contains(subnet.substring(0, subnet.lastIndexOf('.')) + ".2"))
                .isTrue();
        assertThat(ranges.contains("172.17.0.2")).as("another Docker network").isFalse();
        assertThat(ranges.contains("10.0.0.5")).as("a private peer elsewhere").isFalse();
    }

    private static boolean onLoopback(Object port) {
        if (port instanceof Map<?, ?> longSyntax) {
            return "127.0.0.1".equals(longSyntax.get("host_ip"));
        }
        return port.toString().startsWith("127.0.0.1:");
    }

    @Test
    void everyVariableComposeAndCaddyUseIsDocumentedInEnvExample() throws IOException {
        Set<String> used = new LinkedHashSet<>();
        COMPOSE_VARIABLE.matcher(read("docker-compose.yml")).results().forEach(m -> used.add(m.group(1)));
        CADDY_VARIABLE.matcher(read("Caddyfile")).results().forEach(m -> used.add(m.group(1)));

        assertThat(documentedVariables()).containsAll(used);
    }

    @Test
    void everySettingTheAppReadsIsInTheReadmeWithTheAppsDefault() throws IOException {
        var rows = ReadmeSettings.rows();
        var documented = rows.stream().flatMap(row -> row.names().stream()).toList();
        var settings = APP_SETTING
                .matcher(read("src/main/resources/application.yml"))
                .results()
                .toList();

        assertThat(settings).hasSizeGreaterThan(50);
        for (var setting : settings) {
            assertThat(documented).as("README rows").contains(setting.group(1));
        }
        int compared = 0;
        for (var row : rows) {
            var appDefault = settings.stream()
                    .filter(setting -> row.names().equals(List.of(setting.group(1))))
                    .map(setting -> setting.group(2))
                    .filter(value -> value != null && !value.isEmpty() && !value.contains("${"))
                    .findFirst();
            // A default put in words ("YooKassa's published list") is not compared.
            if (appDefault.isPresent() && row.firstDefault().isPresent()) {
                assertThat(row.firstDefault()).as(row.names().getFirst()).contains(appDefault.get());
                compared++;
            }
        }
        assertThat(compared).as("README defaults compared with the app's").isGreaterThan(25);
    }

    @Test
    void envExampleHasEveryVariableOfTheOriginalDeployment() throws IOException {
        assertThat(documentedVariables())
                .contains(
                        "SITE_URL",
                        "AUTH_URL",
                        "CASDOOR_CERT_FILE",
                        "DB_URL",
                        "CASDOOR_CLIENT_ID",
                        "CASDOOR_CLIENT_SECRET",
                        "VK_CLIENT_ID",
                        "VK_CLIENT_SECRET",
                        "GOOGLE_CLIENT_ID",
                        "GOOGLE_CLIENT_SECRET",
                        "YANDEX_CLIENT_ID",
                        "YANDEX_CLIENT_SECRET",
                        "YOOKASSA_SHOP_ID",
                        "YOOKASSA_SECRET_KEY");
    }

    @Test
    void theWorkflowsTestAndDeployAsTheOriginalDid() throws IOException {
        String readme = read("README.md");
        assertThat(readme).contains("./mvnw verify");
        var ci = yaml(".github/workflows/ci.yml");
        assertThat(read(".github/workflows/ci.yml")).contains("./mvnw -B verify");
        assertThat(map(ci.get(Boolean.TRUE) != null ? ci.get(Boolean.TRUE) : ci.get("on")))
                .containsKeys("push", "pull_request", "workflow_call");

        var deploy = yaml(".github/workflows/deploy.yml");
        var on = map(deploy.get(Boolean.TRUE) != null ? deploy.get(Boolean.TRUE) : deploy.get("on"));
        assertThat(map(on.get("push")).get("branches").toString()).isEqualTo("[main]");
        var jobs = map(deploy.get("jobs"));
        assertThat(map(jobs.get("deploy")).get("needs")).isEqualTo("test");
        String text = read(".github/workflows/deploy.yml");
        assertThat(text)
                .contains("secrets.ENV_FILE")
                .contains("/opt/my-balance-service")
                .contains("deploy/deploy.sh")
                .doesNotContain("echo \"$ENV_FILE\"")
                .doesNotContain("set -x");
        assertThat(read("deploy/deploy.sh"))
                .contains("docker compose build app")
                .contains("docker image prune -f");
    }

    @Test
    void theImageIsMultiStageNonRootAndHealthChecked() throws IOException {
        String dockerfile = read("Dockerfile");

        assertThat(dockerfile)
                .contains("FROM eclipse-temurin:25-jdk AS build")
                .contains("FROM eclipse-temurin:25-jre")
                .contains("./mvnw")
                .contains("--layers")
                .contains("USER myservice")
                .contains("HEALTHCHECK")
                .contains("/actuator/health/readiness")
                .contains("MaxRAMPercentage")
                .contains("-XX:AOTCache=/app/app.aot");
    }

    /**
     * The JVM records no AOT cache with a directory on the class path («Cannot have non-empty directory
     * in paths»), and then starts without one: the image runs the extracted jar, not the exploded launcher,
     * and its training start runs exactly that jar.
     */
    @Test
    void theAotCacheIsTrainedOnTheVeryJarTheImageRuns() throws IOException {
        String dockerfile = read("Dockerfile");

        assertThat(dockerfile)
                .doesNotContain("--launcher")
                .doesNotContain("JarLauncher")
                .contains("--application-filename myservice.jar")
                .contains("-XX:AOTCacheOutput=/tmp/app.aot")
                .contains("-jar /app/myservice.jar > /tmp/training.log")
                .contains("ENTRYPOINT [\"java\", \"-jar\", \"/app/myservice.jar\"]");
    }

    /**
     * The image starts the context Spring's AOT processing generated at build time, which has Flyway
     * migrate at start whatever a setting says: the training start needs a database to migrate (a
     * PostgreSQL of the training stage), and a training that turned Flyway off would fail, leaving the
     * image without its cache. That the AOT-started jar serves people is {@code bench/ImageCheck}'s part.
     */
    @Test
    void theImageStartsFromSpringAotAndTrainsAgainstADatabase() throws IOException {
        String dockerfile = read("Dockerfile");
        String training =
                dockerfile.substring(dockerfile.indexOf("AS training"), dockerfile.lastIndexOf("FROM runtime"));

        assertThat(dockerfile).containsPattern("ENV JAVA_TOOL_OPTIONS=\"[^\"]*-Dspring\\.aot\\.enabled=true");
        assertThat(training)
                .contains("install -y --no-install-recommends postgresql")
                .contains("initdb")
                .contains("DB_URL=postgresql://postgres:training@127.0.0.1:5432/postgres")
                .doesNotContain("spring.flyway.enabled=false");
        assertThat(read("pom.xml")).contains("<goal>process-aot</goal>");
    }

    @Test
    void caddySendsTheSecurityHeadersAndForwardsOnlyToTheApp() throws IOException {
        String caddyfile = read("Caddyfile");

        assertThat(caddyfile)
                .contains("Strict-Transport-Security")
                .contains("X-Content-Type-Options \"nosniff\"")
                .contains("respond /actuator* 404")
                .contains("dynamic a app 8081")
                .contains("reverse_proxy casdoor:8000")
                .doesNotContain("9081");
    }

    @Test
    void caddyAcceptsTheCaddyfile() throws Exception {
        assumeTrue(onPath("caddy"), "caddy is not installed (apt-get install caddy): Caddyfile not validated");
        for (var site : List.of(
                Map.of("SITE_URL", "https://lk.example.ru", "AUTH_URL", "https://auth.example.ru"),
                Map.of("SITE_URL", "http://localhost:8080", "AUTH_URL", "http://localhost:8001"))) {
            var process = new ProcessBuilder("caddy", "validate", "--config", "Caddyfile", "--adapter", "caddyfile")
                    .directory(ROOT.toFile())
                    .redirectErrorStream(true);
            process.environment().putAll(site);
            var run = process.start();
            String output = new String(run.getInputStream().readAllBytes());
            assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(run.exitValue()).as(output).isZero();
            assertThat(output).contains("Valid configuration");
        }
    }

    @Test
    void shellcheckAcceptsTheScripts() throws Exception {
        assumeTrue(
                onPath("shellcheck"), "shellcheck is not installed (apt-get install shellcheck): scripts not checked");
        var run = new ProcessBuilder("shellcheck", ".ci/run", ".ci/sandbox-smoke", "deploy/deploy.sh")
                .directory(ROOT.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(run.getInputStream().readAllBytes());
        assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(run.exitValue()).as(output).isZero();
    }

    private static boolean onPath(String command) {
        return List.of(System.getenv().getOrDefault("PATH", "").split(":")).stream()
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
    }
}
