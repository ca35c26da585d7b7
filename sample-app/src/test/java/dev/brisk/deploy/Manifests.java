package dev.brisk.deploy;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The manifests of deploy/k8s read into the Kubernetes object model (fabric8), strictly: a field
 * the model does not know, or a kind or apiVersion other than the one expected, is an error
 * naming the file. Offline; test threads only.
 */
final class Manifests {

  /** The kinds deploy/k8s may hold, each with its one accepted apiVersion and model type. */
  private static final Map<String, Kind> KINDS = Map.of(
      "ConfigMap", new Kind("v1", ConfigMap.class),
      "Secret", new Kind("v1", Secret.class),
      "Service", new Kind("v1", Service.class),
      "Deployment", new Kind("apps/v1", Deployment.class),
      "HorizontalPodAutoscaler", new Kind("autoscaling/v2", HorizontalPodAutoscaler.class),
      "PodDisruptionBudget", new Kind("policy/v1", PodDisruptionBudget.class));

  private static final ObjectMapper YAML = strict(new ObjectMapper(new YAMLFactory()));

  private final List<HasMetadata> objects;

  private Manifests(List<HasMetadata> objects) {
    this.objects = List.copyOf(objects);
  }

  /** The repository's deploy/ folder, found from the working directory upwards. */
  static Path deployDir() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("deploy/k8s"))) {
        return dir.resolve("deploy");
      }
    }
    throw new IllegalStateException("no deploy/k8s above " + Path.of("").toAbsolutePath());
  }

  /** Every resource kustomization.yaml lists, in order. */
  static Manifests load(Path k8s) {
    List<HasMetadata> objects = new ArrayList<>();
    for (String file : resources(k8s)) {
      objects.add(read(k8s.resolve(file)));
    }
    return new Manifests(objects);
  }

  /** The {@code resources} of kustomization.yaml. */
  static List<String> resources(Path k8s) {
    List<String> files = new ArrayList<>();
    tree(k8s.resolve("kustomization.yaml")).path("resources").forEach(f -> files.add(f.asText()));
    return files;
  }

  /** One YAML file as a plain tree (files that are not Kubernetes objects). */
  static JsonNode tree(Path file) {
    try {
      return YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One manifest as its model type; fails naming the file and the field it does not know. */
  static HasMetadata read(Path file) {
    JsonNode node = tree(file);
    String kind = node.path("kind").asText();
    Kind expected = KINDS.get(kind);
    if (expected == null) {
      throw new IllegalArgumentException(file + ": unexpected kind '" + kind + "'");
    }
    if (!expected.apiVersion().equals(node.path("apiVersion").asText())) {
      throw new IllegalArgumentException(file + ": " + kind + " must be apiVersion "
          + expected.apiVersion() + ", was '" + node.path("apiVersion").asText() + "'");
    }
    try {
      return YAML.treeToValue(node, expected.type());
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  /** The one object of this type; fails when there is none or several. */
  <T extends HasMetadata> T one(Class<T> type) {
    List<T> found = objects.stream().filter(type::isInstance).map(type::cast).toList();
    if (found.size() != 1) {
      throw new AssertionError("expected one " + type.getSimpleName() + ", found " + found.size());
    }
    return found.get(0);
  }

  /**
   * Unknown fields fail: the fabric8 model keeps them in {@code additionalProperties} through
   * an any-setter, so the any-setter is removed from every model type.
   */
  static ObjectMapper strict(ObjectMapper mapper) {
    SimpleModule module = new SimpleModule("strict-kubernetes-model");
    module.setDeserializerModifier(new BeanDeserializerModifier() {
      @Override
      public BeanDeserializerBuilder updateBuilder(DeserializationConfig config,
          BeanDescription description, BeanDeserializerBuilder builder) {
        if (description.getBeanClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
          builder.setAnySetter(null);
        }
        return builder;
      }
    });
    return mapper.registerModule(module)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  private record Kind(String apiVersion, Class<? extends HasMetadata> type) {
  }
}
