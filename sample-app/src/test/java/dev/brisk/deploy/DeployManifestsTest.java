package dev.brisk.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.BriskConfig;
import dev.brisk.BriskOptions;
import dev.brisk.page.PageOptions;
import dev.brisk.shop.Http;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/k8s checked offline: every manifest parses strictly into the Kubernetes model, and what
 * the manifests say agrees with the app (health routes that answer, a stop sequence that fits the
 * drain settings, variables the app reads, secrets held only in the Secret, matching selectors,
 * unprivileged pods, an autoscaler on a metric the app exports).
 */
class DeployManifestsTest {

  /** Settings that carry passwords or keys: only ever from the Secret. */
  static final Set<String> SECRETS = Set.of("BRISK_PG_URL", "BRISK_REDIS_URL",
      "BRISK_PG_REPLICA_URLS", "BRISK_CURSOR_KEYS", "BRISK_JWT_SECRET");
  /** Secrets the app cannot start (or cannot run as a fleet) without. */
  static final Set<String> REQUIRED_SECRETS = Set.of("BRISK_PG_URL", "BRISK_REDIS_URL",
      "BRISK_CURSOR_KEYS");
  /**
   * Files in deploy/k8s that kustomization.yaml deliberately leaves out: none may be a Kubernetes
   * object, since {@code kubectl apply -f deploy/k8s/} applies every file there.
   */
  /** Examples kept out of deploy/k8s, so that {@code kubectl apply -f deploy/k8s/} skips them. */
  static final Set<String> EXAMPLES = Set.of("secret.example.yaml",
      "prometheus-adapter-rules.yaml");

  private static final Path K8S = Manifests.deployDir().resolve("k8s");
  private final Manifests manifests = Manifests.load(K8S);
  private final Deployment deployment = manifests.one(Deployment.class);
  private final ConfigMap config = manifests.one(ConfigMap.class);
  private final Secret secret = (Secret) Manifests.read(K8S.resolve("examples")
      .resolve("secret.example.yaml"));

  @Test
  void every_file_is_applied_or_named_as_not_applied() throws IOException {
    try (Stream<Path> files = Files.list(K8S)) {
      Set<String> yaml = files.map(f -> f.getFileName().toString())
          .filter(f -> f.endsWith(".yaml") && !f.equals("kustomization.yaml"))
          .collect(Collectors.toSet());
      assertThat(yaml).isEqualTo(Set.copyOf(Manifests.resources(K8S)));
    }
  }

  @Test
  void applying_the_directory_creates_only_what_the_kustomization_lists() {
    // kubectl apply -f deploy/k8s/ reads every file there: an example Secret among them would
    // be created with its public placeholder keys, or overwrite the real brisk-shop-secrets,
    // and the adapter rule (no kind: a fragment of the adapter's config) fails the apply.
    for (String file : EXAMPLES) {
      assertThat(K8S.resolve(file)).doesNotExist();
      assertThat(K8S.resolve("examples").resolve(file)).exists();
    }
  }

  @Test
  void a_field_the_model_does_not_know_fails(@TempDir Path dir) throws IOException {
    String typo = Files.readString(K8S.resolve("deployment.yaml"))
        .replace("readinessProbe:", "readinesProbe:");
    Path file = Files.writeString(dir.resolve("deployment.yaml"), typo);
    assertThatThrownBy(() -> Manifests.read(file)).hasMessageContaining("readinesProbe");
    Path wrongVersion = Files.writeString(dir.resolve("hpa.yaml"),
        Files.readString(K8S.resolve("hpa.yaml")).replace("autoscaling/v2", "autoscaling/v1"));
    assertThatThrownBy(() -> Manifests.read(wrongVersion)).hasMessageContaining("autoscaling/v2");
  }

  @Test
  void probes_use_health_routes_that_answer() {
    Container shop = container();
    assertThat(path(shop.getStartupProbe())).isEqualTo("/health/live");
    assertThat(path(shop.getLivenessProbe())).isEqualTo("/health/live");
    assertThat(path(shop.getReadinessProbe())).isEqualTo("/health/ready");
    for (Probe probe : List.of(shop.getStartupProbe(), shop.getLivenessProbe(),
        shop.getReadinessProbe())) {
      assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("http");
      assertThat(Http.get(path(probe)).statusCode()).as(path(probe)).isEqualTo(200);
    }
    // The app's health checks give up after BRISK_HEALTH_CHECK_TIMEOUT (2 s unless the
    // ConfigMap says otherwise); the probe must wait for that answer.
    Duration checks = settings().getDuration("health-check-timeout", Duration.ofSeconds(2));
    assertThat(Duration.ofSeconds(shop.getReadinessProbe().getTimeoutSeconds()))
        .as("readinessProbe.timeoutSeconds").isGreaterThan(checks);
  }

  @Test
  void the_pod_listens_where_the_app_does() {
    BriskOptions options = BriskOptions.from(settings());
    assertThat(container().getPorts()).singleElement().satisfies(port -> {
      assertThat(port.getName()).isEqualTo("http");
      assertThat(port.getContainerPort()).isEqualTo(options.port());
    });
    assertThat(Containerfile.read().runtime("EXPOSE")).isEqualTo(Integer.toString(options.port()));
    assertThat(options.host()).isEqualTo("0.0.0.0");
    assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry("prometheus.io/port", Integer.toString(options.port()))
        .containsEntry("prometheus.io/path", "/metrics");
  }

  @Test
  void termination_grace_covers_prestop_shutdown_grace_and_drain() {
    BriskConfig settings = settings();
    Duration drain = BriskOptions.from(settings).drainTimeout();
    Duration grace = settings.getDuration("shutdown-grace", null);
    assertThat(grace).as("BRISK_SHUTDOWN_GRACE set explicitly").isNotNull();
    List<String> preStop = container().getLifecycle().getPreStop().getExec().getCommand();
    assertThat(preStop).hasSize(2).first().isEqualTo("sleep");
    Duration sleep = Duration.ofSeconds(Long.parseLong(preStop.get(1)));
    assertThat(sleep).isPositive();
    // After the drain, the last error records get 1 s and the requests' end handlers at most
    // 1 s more; then the pools close.
    Duration needed = sleep.plus(grace).plus(drain).plusSeconds(2).plusSeconds(5);
    long terminationGrace = pod().getTerminationGracePeriodSeconds();
    assertThat(Duration.ofSeconds(terminationGrace)).as("terminationGracePeriodSeconds")
        .isGreaterThanOrEqualTo(needed);
  }

  @Test
  void every_variable_is_one_the_app_reads() {
    Path root = Manifests.deployDir().getParent();
    Set<String> known = AppSettings.variables(root.resolve("framework/src/main/java"),
        root.resolve("sample-app/src/main/java"));
    assertThat(known).contains("BRISK_PG_URL", "BRISK_DRAIN_TIMEOUT", "BRISK_CURSOR_KEYS");
    assertThat(config.getData().keySet()).isSubsetOf(known);
    assertThat(secret.getStringData().keySet()).isSubsetOf(known);
    assertThat(container().getEnv()).extracting(EnvVar::getName).allMatch(known::contains);
    // Kubernetes would add <SERVICE>_HOST/_PORT variables for every Service in the namespace,
    // which the app may read as its own (a Service "brisk" sets BRISK_PORT=tcp://...).
    assertThat(pod().getEnableServiceLinks()).isFalse();
  }

  @Test
  void secrets_come_only_from_the_secret() {
    assertThat(config.getData().keySet()).doesNotContainAnyElementsOf(SECRETS);
    assertThat(secret.getStringData().keySet()).isEqualTo(SECRETS);
    Map<String, SecretKeySelector> refs = new HashMap<>();
    for (EnvVar env : container().getEnv()) {
      assertThat(env.getValue()).as(env.getName() + " given inline").isNull();
      SecretKeySelector ref = env.getValueFrom().getSecretKeyRef();
      assertThat(ref).as(env.getName() + " from the Secret").isNotNull();
      assertThat(ref.getName()).isEqualTo(secret.getMetadata().getName());
      assertThat(ref.getKey()).isEqualTo(env.getName());
      refs.put(env.getName(), ref);
    }
    assertThat(refs.keySet()).isEqualTo(SECRETS);
    assertThat(PageOptions.keysFrom(secret.getStringData().get(PageOptions.KEYS_ENV)))
        .singleElement().satisfies(key -> assertThat(key).hasSizeGreaterThanOrEqualTo(32));
    refs.forEach((name, ref) -> assertThat(Boolean.TRUE.equals(ref.getOptional()))
        .as(name + " optional").isEqualTo(!REQUIRED_SECRETS.contains(name)));
    assertThat(container().getEnvFrom()).singleElement().satisfies(from ->
        assertThat(from.getConfigMapRef().getName()).isEqualTo(config.getMetadata().getName()));
  }

  @Test
  void selectors_match_the_pod_labels() {
    Map<String, String> pod = deployment.getSpec().getTemplate().getMetadata().getLabels();
    Map<String, String> selector = deployment.getSpec().getSelector().getMatchLabels();
    assertThat(selector).isNotEmpty();
    assertThat(pod).containsAllEntriesOf(selector);
    assertThat(pod).containsAllEntriesOf(manifests.one(Service.class).getSpec().getSelector());
    assertThat(manifests.one(PodDisruptionBudget.class).getSpec().getSelector().getMatchLabels())
        .isEqualTo(selector);
    assertThat(manifests.one(Service.class).getSpec().getPorts()).singleElement()
        .satisfies(p -> assertThat(p.getTargetPort().getStrVal()).isEqualTo("http"));
  }

  @Test
  void pods_run_unprivileged_on_a_read_only_root() {
    assertThat(pod().getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod().getSecurityContext().getRunAsUser()).isPositive();
    SecurityContext security = container().getSecurityContext();
    assertThat(security.getReadOnlyRootFilesystem()).isTrue();
    assertThat(security.getAllowPrivilegeEscalation()).isFalse();
    assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(security.getCapabilities().getAdd()).isNullOrEmpty();
    // A read-only root needs a writable temp dir (native codecs unpack there).
    assertThat(container().getVolumeMounts()).anySatisfy(m ->
        assertThat(m.getMountPath()).isEqualTo("/tmp"));
    assertThat(Containerfile.read().user()).isEqualTo(
        pod().getSecurityContext().getRunAsUser() + ":" + pod().getSecurityContext()
            .getRunAsGroup());
  }

  @Test
  void resources_are_bounded_and_event_loops_match_the_cpu_limit() {
    Map<String, Quantity> requests = container().getResources().getRequests();
    Map<String, Quantity> limits = container().getResources().getLimits();
    assertThat(requests).containsKeys("cpu", "memory");
    assertThat(limits).containsKeys("cpu", "memory");
    // Memory is not compressible: request what the limit allows, so pods are not evicted.
    assertThat(requests.get("memory")).isEqualTo(limits.get("memory"));
    int instances = BriskOptions.from(settings()).instances();
    assertThat(instances).isEqualTo(limits.get("cpu").getNumericalAmount().intValueExact());
  }

  @Test
  void one_caller_cannot_take_every_stream_of_a_pod() {
    BriskOptions options = BriskOptions.from(settings());
    // The instance's cap in effect is at most the stream pool (Brisk.streamLimits).
    int perInstance = Math.min(options.streams().maxOpen(), options.pgStreamPoolSize());
    assertThat(options.streams().maxPerCaller()).as("streams per caller")
        .isLessThan(perInstance);
  }

  @Test
  void autoscaler_scales_the_deployment_on_cpu_and_the_adapters_request_rate() {
    HorizontalPodAutoscaler hpa = manifests.one(HorizontalPodAutoscaler.class);
    assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
    assertThat(hpa.getSpec().getScaleTargetRef().getName())
        .isEqualTo(deployment.getMetadata().getName());
    assertThat(hpa.getSpec().getMinReplicas()).isGreaterThanOrEqualTo(2);
    assertThat(deployment.getSpec().getReplicas()).as("replicas left to the HPA").isNull();
    List<MetricSpec> metrics = hpa.getSpec().getMetrics();
    assertThat(metrics).anySatisfy(m -> assertThat(m.getResource().getName()).isEqualTo("cpu"));
    MetricSpec pods = metrics.stream().filter(m -> m.getType().equals("Pods")).findFirst()
        .orElseThrow();
    JsonNode rule = Manifests.tree(K8S.resolve("examples").resolve(
        "prometheus-adapter-rules.yaml")).path("rules")
        .get(0);
    assertThat(rule.path("name").path("as").asText())
        .isEqualTo(pods.getPods().getMetric().getName());
    String series = rule.path("name").path("matches").asText().replace("^", "").replace("$", "");
    assertThat(rule.path("seriesQuery").asText()).startsWith(series + "{");
    // Unrouted requests (a scanner's 404s, never rate limited) must not scale the fleet.
    assertThat(rule.path("metricsQuery").asText())
        .contains("route!~\"/health/.*|/metrics|unmatched\"");
    Http.get("/health/live");
    assertThat(Http.get("/metrics").bodyAsString()).contains(series + "{");
  }

  private BriskConfig settings() {
    Map<String, String> env = new HashMap<>(config.getData());
    env.putAll(secret.getStringData());
    return BriskConfig.from(new String[0], env);
  }

  private PodSpec pod() {
    return deployment.getSpec().getTemplate().getSpec();
  }

  private Container container() {
    assertThat(pod().getContainers()).hasSize(1);
    return pod().getContainers().get(0);
  }

  private static String path(Probe probe) {
    return probe.getHttpGet().getPath();
  }
}
