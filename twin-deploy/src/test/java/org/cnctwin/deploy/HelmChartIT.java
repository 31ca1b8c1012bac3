package org.cnctwin.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Helm chart in deploy/helm/cnc-twin, for each of its values files, without a cluster:
 * {@code helm lint --strict}, every rendered resource against the Kubernetes API's schemas
 * (fabric8's types for unknown fields, kubernetes-models' OpenAPI schemas for required fields
 * and types), and the invariants a Pekko cluster on Kubernetes depends on.
 */
class HelmChartIT {

    static final String SERVICE_MONITOR_API = "monitoring.coreos.com/v1/ServiceMonitor";
    /** The API versions the chart may use: each is served by Kubernetes 1.32 (and every release since 1.23). */
    static final Set<String> KUBERNETES_1_32_APIS = Set.of("v1", "apps/v1", "policy/v1", "autoscaling/v2", "networking.k8s.io/v1",
            "rbac.authorization.k8s.io/v1", "apiextensions.k8s.io/v1", "monitoring.coreos.com/v1");

    static Stream<String> valuesFiles() {
        return Stream.of("values.yaml", "values-dev.yaml", "values-prod.yaml");
    }

    @ParameterizedTest
    @MethodSource("valuesFiles")
    void lintsStrictly(String values) throws Exception {
        DeployTools.Result lint = DeployTools.run(DeployTools.CHART, Map.of(), DeployTools.helm().toString(), "lint", "--strict",
                DeployTools.CHART.toString(), "-f", DeployTools.CHART.resolve(values).toString());
        assertThat(lint.exitCode()).as("helm lint --strict -f %s:%n%s", values, lint.output()).isZero();
    }

    @ParameterizedTest
    @MethodSource("valuesFiles")
    void everyResourceFitsTheKubernetesSchemas(String values) throws Exception {
        RenderedChart chart = RenderedChart.render(values, "--api-versions", SERVICE_MONITOR_API);

        assertThat(chart.unknownFields()).as("fields the Kubernetes types do not define").isEmpty();
        assertThat(chart.resources).extracting(HasMetadata::getApiVersion).allMatch(KUBERNETES_1_32_APIS::contains);
        assertThat(chart.untyped()).extracting(HasMetadata::getKind).as("kinds checked by neither schema").containsOnly("ServiceMonitor");
        DeployTools.Result validated = DeployTools.runWithInput(DeployTools.CHART, Map.of(), chart.yaml, "node", DeployTools.schemaValidator().toString());
        assertThat(validated.exitCode()).as("kubernetes-models validation:%n%s", validated.output()).isZero();
        assertThat(validated.output().lines().filter(line -> line.contains("\"result\":\"valid\""))).hasSize(chart.resources.size() - 1);
    }

    @ParameterizedTest
    @MethodSource("valuesFiles")
    void thePodDisruptionBudgetCoversThePodsOneAtATime(String values) throws Exception {
        RenderedChart chart = RenderedChart.render(values);
        PodDisruptionBudget budget = chart.one(PodDisruptionBudget.class);
        Map<String, String> podLabels = chart.one(Deployment.class).getSpec().getTemplate().getMetadata().getLabels();

        assertThat(podLabels).containsAllEntriesOf(budget.getSpec().getSelector().getMatchLabels());
        assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
        assertThat(chart.one(Deployment.class).getSpec().getSelector().getMatchLabels()).isEqualTo(budget.getSpec().getSelector().getMatchLabels());
    }

    @ParameterizedTest
    @MethodSource("valuesFiles")
    void probesAskTheManagementPort(String values) throws Exception {
        Container node = node(RenderedChart.render(values));
        ContainerPort management = node.getPorts().stream().filter(port -> port.getName().equals("management")).findFirst().orElseThrow();

        assertThat(management.getContainerPort()).isEqualTo(8558);
        Map<String, Probe> probes = Map.of("/alive", node.getLivenessProbe(), "/ready", node.getReadinessProbe());
        probes.forEach((path, probe) -> {
            assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
            assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("management");
        });
        assertThat(node.getStartupProbe().getHttpGet().getPort().getStrVal()).isEqualTo("management");
    }

    @ParameterizedTest
    @MethodSource("valuesFiles")
    void rbacGrantsExactlyWhatBootstrapAndTheLeaseNeed(String values) throws Exception {
        RenderedChart chart = RenderedChart.render(values);
        Role role = chart.one(Role.class);
        RoleBinding binding = chart.one(RoleBinding.class);
        boolean lease = env(node(chart)).get("SBR_STRATEGY").equals("lease-majority");

        Map<String, String> granted = role.getRules().stream().collect(Collectors.toMap(HelmChartIT::groupAndResources, HelmChartIT::verbs));
        Map<String, String> needed = new LinkedHashMap<>(Map.of("[]/[pods]", "[get, list, watch]"));
        if (lease) {
            needed.put("[pekko.apache.org]/[leases]", "[create, get, list, update]");
        }
        assertThat(granted).isEqualTo(needed);
        assertThat(chart.resources).extracting(HasMetadata::getKind).doesNotContain("ClusterRole", "ClusterRoleBinding");
        assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
        assertThat(binding.getSubjects()).singleElement().satisfies(subject -> {
            assertThat(subject.getKind()).isEqualTo("ServiceAccount");
            assertThat(subject.getName()).isEqualTo(chart.one(Deployment.class).getSpec().getTemplate().getSpec().getServiceAccountName());
            assertThat(subject.getNamespace()).isEqualTo(RenderedChart.NAMESPACE);
        });
        assertThat(values.equals("values-prod.yaml")).as("prod takes the lease").isEqualTo(lease);
    }

    @ParameterizedTest
    @MethodSource("valuesFiles")
    void noContainerRunsAsRootOrWithoutRequestsAndLimits(String values) throws Exception {
        PodSpec pod = RenderedChart.render(values).one(Deployment.class).getSpec().getTemplate().getSpec();

        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isPositive();
        for (Container container : Stream.concat(pod.getContainers().stream(), pod.getInitContainers().stream()).toList()) {
            var security = container.getSecurityContext();
            assertThat(security.getAllowPrivilegeEscalation()).as(container.getName()).isFalse();
            assertThat(security.getReadOnlyRootFilesystem()).as(container.getName()).isTrue();
            Long user = security.getRunAsUser() != null ? security.getRunAsUser() : pod.getSecurityContext().getRunAsUser();
            assertThat(user).as("%s runs as", container.getName()).isPositive();
            for (String resource : List.of("cpu", "memory")) {
                assertThat(container.getResources().getRequests()).as("%s requests", container.getName()).containsKey(resource);
                assertThat(container.getResources().getLimits()).as("%s limits", container.getName()).containsKey(resource);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("valuesFiles")
    void aRollingUpdateKeepsAMajority(String values) throws Exception {
        RenderedChart chart = RenderedChart.render(values);
        Deployment deployment = chart.one(Deployment.class);
        var rolling = deployment.getSpec().getStrategy().getRollingUpdate();
        int replicas = deployment.getSpec().getReplicas() != null ? deployment.getSpec().getReplicas()
                : chart.one(io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler.class).getSpec().getMinReplicas();

        assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
        assertThat(rolling.getMaxUnavailable().getIntVal()).isZero();
        assertThat(rolling.getMaxSurge().getIntVal()).isEqualTo(1);
        assertThat(replicas - rolling.getMaxUnavailable().getIntVal()).as("members up during an update").isGreaterThan(replicas / 2);
        int disrupted = chart.one(PodDisruptionBudget.class).getSpec().getMaxUnavailable().getIntVal();
        assertThat(replicas - disrupted).as("members up during a node drain").isGreaterThan(replicas / 2);
    }

    @ParameterizedTest
    @MethodSource("valuesFiles")
    void theGracePeriodCoversCoordinatedShutdown(String values) throws Exception {
        Deployment deployment = RenderedChart.render(values).one(Deployment.class);
        Config config = ConfigFactory.load(); // the node's own application.conf and Pekko's reference.conf
        Duration defaultTimeout = config.getDuration("pekko.coordinated-shutdown.default-phase-timeout");
        Config phases = config.getConfig("pekko.coordinated-shutdown.phases");
        Duration total = phases.root().keySet().stream()
                .map(phase -> phases.getConfig(phase).hasPath("timeout") ? phases.getConfig(phase).getDuration("timeout") : defaultTimeout)
                .reduce(Duration.ZERO, Duration::plus);

        assertThat(Duration.ofSeconds(deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds()))
                .as("every CoordinatedShutdown phase at its timeout takes %s", total).isGreaterThanOrEqualTo(total);
    }

    @ParameterizedTest
    @MethodSource("valuesFiles")
    void onlyTheApisClientsAndTheClustersOwnPodsGetIn(String values) throws Exception {
        RenderedChart chart = RenderedChart.render(values);
        NetworkPolicy policy = chart.one(NetworkPolicy.class);
        Map<String, String> selector = chart.one(Deployment.class).getSpec().getSelector().getMatchLabels();

        assertThat(policy.getSpec().getPodSelector().getMatchLabels()).isEqualTo(selector);
        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
        List<NetworkPolicyIngressRule> rules = policy.getSpec().getIngress();
        assertThat(rules).hasSize(2);
        NetworkPolicyIngressRule cluster = rules.get(0);
        assertThat(cluster.getPorts()).extracting(port -> port.getPort().getStrVal()).containsExactlyInAnyOrder("remoting", "management");
        assertThat(cluster.getFrom()).singleElement().satisfies(peer -> {
            assertThat(peer.getPodSelector().getMatchLabels()).isEqualTo(selector);
            assertThat(peer.getNamespaceSelector()).isNull();
            assertThat(peer.getIpBlock()).isNull();
        });
        NetworkPolicyIngressRule api = rules.get(1);
        assertThat(api.getPorts()).extracting(port -> port.getPort().getStrVal()).containsExactly("http");
        assertThat(api.getFrom()).isNotEmpty();
    }

    /** Whether the node accepts these settings is ImageIT's: it runs the node's check in the image. */
    @ParameterizedTest
    @MethodSource("valuesFiles")
    void discoveryFindsTheReleasesPodsAndEachMemberIsReachedAtItsPodIp(String values) throws Exception {
        RenderedChart chart = RenderedChart.render(values);
        Map<String, String> environment = env(node(chart));
        Map<String, String> podLabels = chart.one(Deployment.class).getSpec().getTemplate().getMetadata().getLabels();

        assertThat(environment).containsEntry("CLUSTER_DISCOVERY", "kubernetes-api").containsEntry("MANAGEMENT_HOSTNAME", "10.1.2.3")
                .containsEntry("PEKKO_HOSTNAME", "10.1.2.3").containsEntry("HTTP_INTERFACE", "0.0.0.0");
        for (String term : environment.get("KUBERNETES_POD_LABEL_SELECTOR").split(",")) {
            String[] keyValue = term.split("=", 2);
            assertThat(podLabels).as("pod labels against the discovery's selector").containsEntry(keyValue[0], keyValue[1]);
        }
    }

    @Test
    void theServiceMonitorIsRenderedOnlyWhereItsCrdExists() throws Exception {
        assertThat(RenderedChart.render("values.yaml").untyped()).isEmpty();
        assertThat(RenderedChart.render("values.yaml", "--api-versions", SERVICE_MONITOR_API).untyped())
                .singleElement().satisfies(monitor -> assertThat(monitor.getKind()).isEqualTo("ServiceMonitor"));
    }

    @Test
    void prodAssumesItsIamRoleAndScalesOnCpuAndIngestLag() throws Exception {
        RenderedChart chart = RenderedChart.render("values-prod.yaml");
        assertThat(chart.one(ServiceAccount.class).getMetadata().getAnnotations())
                .containsEntry("eks.amazonaws.com/role-arn", "arn:aws:iam::123456789012:role/cnc-twin-prod-twin");
        var autoscaler = chart.one(io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler.class);
        assertThat(autoscaler.getSpec().getMetrics()).extracting(metric -> metric.getType()).containsExactly("Resource", "Pods");
        assertThat(chart.one(Deployment.class).getSpec().getReplicas()).as("the autoscaler owns the count").isNull();
        assertThat(RenderedChart.render("values.yaml").optional(io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler.class)).isEmpty();
    }

    @Test
    void badValuesAreRefusedByTheSchemaNamingTheValue() throws Exception {
        Map<String, String> bad = Map.of("replicas=2", "replicas", "cassandra.contactPoints=cassandra", "cassandra.contactPoints",
                "mqtt.url=http://broker", "mqtt.url", "cluster.splitBrainResolver.strategy=static-quorum", "strategy",
                "terminationGracePeriodSeconds=10", "terminationGracePeriodSeconds");
        for (Map.Entry<String, String> value : bad.entrySet()) {
            DeployTools.Result lint = DeployTools.run(DeployTools.CHART, Map.of(), DeployTools.helm().toString(), "lint", "--strict",
                    DeployTools.CHART.toString(), "--set", value.getKey());
            assertThat(lint.exitCode()).as("helm lint --set %s", value.getKey()).isNotZero();
            assertThat(lint.output()).as("helm lint --set %s", value.getKey()).contains(value.getValue());
        }
        DeployTools.Result noSecret = DeployTools.run(DeployTools.CHART, Map.of(), DeployTools.helm().toString(), "template", "x",
                DeployTools.CHART.toString(), "--set", "api.auth.tokensSecret=");
        assertThat(noSecret.output()).contains("api.auth.mode tokens needs api.auth.tokensSecret");
        DeployTools.Result noCertificate = DeployTools.run(DeployTools.CHART, Map.of(), DeployTools.helm().toString(), "template", "x",
                DeployTools.CHART.toString(), "--set", "mqtt.certificateSecret=");
        assertThat(noCertificate.output()).contains("mqtt.url ssl://... needs mqtt.certificateSecret");
    }

    static Container node(RenderedChart chart) {
        return chart.one(Deployment.class).getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(container -> container.getName().equals("node")).findFirst().orElseThrow();
    }

    private static final Pattern REFERENCE = Pattern.compile("\\$\\(([A-Z_]+)\\)");

    /** The container's environment as the pod would see it: field references, Secrets (stand-in values) and $(VAR) resolved. */
    static Map<String, String> env(Container container) {
        Map<String, String> environment = new LinkedHashMap<>();
        for (EnvVar variable : container.getEnv()) {
            String value;
            if (variable.getValueFrom() == null) {
                value = variable.getValue();
            } else if (variable.getValueFrom().getFieldRef() != null) {
                value = switch (variable.getValueFrom().getFieldRef().getFieldPath()) {
                    case "status.podIP" -> "10.1.2.3";
                    case "metadata.name" -> "twin-cnc-twin-7d9f8-abcde";
                    default -> throw new AssertionError("unexpected field reference " + variable.getValueFrom().getFieldRef().getFieldPath());
                };
            } else {
                value = "secret-" + variable.getValueFrom().getSecretKeyRef().getKey();
            }
            Matcher reference = REFERENCE.matcher(value);
            StringBuilder resolved = new StringBuilder();
            while (reference.find()) {
                reference.appendReplacement(resolved, Matcher.quoteReplacement(environment.getOrDefault(reference.group(1), reference.group())));
            }
            reference.appendTail(resolved);
            environment.put(variable.getName(), resolved.toString());
        }
        return environment;
    }

    private static String groupAndResources(PolicyRule rule) {
        return rule.getApiGroups() + "/" + rule.getResources();
    }

    private static String verbs(PolicyRule rule) {
        return rule.getVerbs().stream().sorted().toList().toString();
    }
}
