package org.cnctwin.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The chart rendered by {@code helm template} and read into fabric8's Kubernetes types, which
 * keep any field the API does not define aside: {@link #unknownFields()} lists those.
 */
final class RenderedChart {

    static final String RELEASE = "twin";
    static final String NAMESPACE = "cnc";
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    final String yaml;
    final List<HasMetadata> resources;

    private RenderedChart(String yaml, List<HasMetadata> resources) {
        this.yaml = yaml;
        this.resources = resources;
    }

    /** Renders with one of the chart's values files (or none), the CRDs included, and {@code arguments} added. */
    static RenderedChart render(String valuesFile, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(DeployTools.helm().toString(), "template", RELEASE, DeployTools.CHART.toString(),
                "--namespace", NAMESPACE, "--include-crds"));
        if (valuesFile != null) {
            command.addAll(List.of("-f", DeployTools.CHART.resolve(valuesFile).toString()));
        }
        command.addAll(List.of(arguments));
        DeployTools.Result rendered = DeployTools.run(DeployTools.CHART, Map.of(), command.toArray(String[]::new));
        assertThat(rendered.exitCode()).as("helm template with %s:%n%s", valuesFile, rendered.output()).isZero();
        List<HasMetadata> resources = new ArrayList<>();
        for (String document : rendered.output().split("(?m)^---\\s*$")) {
            if (document.lines().anyMatch(line -> line.startsWith("kind:"))) {
                resources.add(SERIALIZATION.unmarshal(document, HasMetadata.class));
            }
        }
        return new RenderedChart(rendered.output(), resources);
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return resources.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> T one(Class<T> type) {
        List<T> found = all(type);
        assertThat(found).as("%s resources", type.getSimpleName()).hasSize(1);
        return found.get(0);
    }

    <T extends HasMetadata> Optional<T> optional(Class<T> type) {
        List<T> found = all(type);
        assertThat(found).as("%s resources", type.getSimpleName()).hasSizeLessThanOrEqualTo(1);
        return found.stream().findFirst();
    }

    /** Custom resources of kinds fabric8 has no type for (ServiceMonitor): their fields cannot be checked here. */
    List<GenericKubernetesResource> untyped() {
        return all(GenericKubernetesResource.class);
    }

    /** Every field, anywhere in a typed resource, that its Kubernetes type does not define: "Kind/name: path.field". */
    List<String> unknownFields() {
        List<String> unknown = new ArrayList<>();
        for (HasMetadata resource : resources) {
            if (!(resource instanceof GenericKubernetesResource)) {
                walk(resource, resource.getKind() + "/" + resource.getMetadata().getName() + ":", unknown);
            }
        }
        return unknown;
    }

    private static void walk(Object value, String path, List<String> unknown) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean || value instanceof Enum<?>) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int index = 0;
            for (Object item : items) {
                walk(item, path + "[" + index++ + "]", unknown);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> walk(item, path + "." + key, unknown));
            return;
        }
        if (!value.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Class<?> type = value.getClass(); type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                field.setAccessible(true);
                Object fieldValue;
                try {
                    fieldValue = field.get(value);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
                if (field.getName().equals("additionalProperties") && fieldValue instanceof Map<?, ?> extra) {
                    extra.keySet().forEach(key -> unknown.add(path + "." + key));
                } else {
                    walk(fieldValue, path + "." + field.getName(), unknown);
                }
            }
        }
    }
}
