package com.dispatchbot.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The Kubernetes manifests pass the API schemas offline (deploy/validate), and say what the runbook
 * asks: API and worker Deployments of one image with their roles, probes on health, autoscaling
 * 2-10 replicas at 70 % CPU.
 */
class DeploymentManifestsIT {
  static final Path DEPLOY = Path.of(System.getProperty("user.dir")).getParent().resolve("deploy");

  record Run(int code, String output) {}

  static Run validate(String... files) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(DEPLOY.resolve("validate").toString()));
    command.addAll(List.of(files));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
    return new Run(process.exitValue(), output);
  }

  @Test
  void theManifestsPassTheKubernetesSchemas_andABrokenOneDoesNot(@TempDir Path dir)
      throws Exception {
    Run valid = validate();
    assertThat(valid.code()).as(valid.output()).isZero();
    assertThat(valid.output()).contains("kubernetes-validate --strict 4 files", "ok");

    Path broken = dir.resolve("broken.yaml");
    Files.writeString(
        broken,
        Files.readString(DEPLOY.resolve("k8s/api.yaml"))
            .replace("minReplicas: 2", "minReplicas: two")
            .replace("containerPort: 8000", "containerPortt: 8000"));
    Run refused = validate(broken.toString());
    assertThat(refused.code()).isNotZero();
  }

  @Test
  @SuppressWarnings("unchecked")
  void apiAndWorkersRunTheSameImageInTheirRoles_probedOnHealth_scaling2To10At70PercentCpu()
      throws Exception {
    Map<String, Map<String, Object>> byName = new java.util.HashMap<>();
    for (String file : List.of("api.yaml", "worker.yaml")) {
      for (Object doc : new Yaml().loadAll(Files.readString(DEPLOY.resolve("k8s/" + file)))) {
        Map<String, Object> resource = (Map<String, Object>) doc;
        String name = (String) ((Map<String, Object>) resource.get("metadata")).get("name");
        byName.put(resource.get("kind") + "/" + name, resource);
      }
    }
    List<String> images = new ArrayList<>();
    for (String role : List.of("api", "worker")) {
      Map<String, Object> deployment = byName.get("Deployment/dispatch-bot-" + role);
      Map<String, Object> pod =
          (Map<String, Object>)
              ((Map<String, Object>) ((Map<String, Object>) deployment.get("spec")).get("template"))
                  .get("spec");
      Map<String, Object> container = ((List<Map<String, Object>>) pod.get("containers")).get(0);
      images.add((String) container.get("image"));
      assertThat((List<Map<String, Object>>) container.get("env"))
          .contains(Map.of("name", "APP_ROLE", "value", role));
      assertThat(
              ((Map<String, Object>)
                      ((Map<String, Object>) container.get("readinessProbe")).get("httpGet"))
                  .get("path"))
          .isEqualTo("/health/readiness");
      assertThat(
              ((Map<String, Object>)
                      ((Map<String, Object>) container.get("livenessProbe")).get("httpGet"))
                  .get("path"))
          .isEqualTo("/health/liveness");
      assertThat((Map<String, Object>) pod.get("securityContext"))
          .containsEntry("runAsNonRoot", true);

      Map<String, Object> hpa =
          (Map<String, Object>)
              byName.get("HorizontalPodAutoscaler/dispatch-bot-" + role).get("spec");
      assertThat(hpa).containsEntry("minReplicas", 2).containsEntry("maxReplicas", 10);
      Map<String, Object> target =
          (Map<String, Object>)
              ((Map<String, Object>)
                      ((List<Map<String, Object>>) hpa.get("metrics")).get(0).get("resource"))
                  .get("target");
      assertThat(target).containsEntry("averageUtilization", 70);
    }
    assertThat(images.get(0)).isEqualTo(images.get(1));
  }
}
