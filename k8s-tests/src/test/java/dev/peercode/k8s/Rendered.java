package dev.peercode.k8s;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * One kustomization rendered by {@code kubectl kustomize} (Debian's {@code kubectl} package) and
 * parsed, document by document, into the fabric8 model's typed classes. A kind the model does not
 * know, or a field a typed class does not have (a typo such as {@code readinesProbe}), fails.
 */
final class Rendered {

    static final Path K8S = Path.of("..", "k8s").toAbsolutePath().normalize();
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");

    final String name;
    final String yaml;
    final List<HasMetadata> objects;

    private Rendered(String name, String yaml, List<HasMetadata> objects) {
        this.name = name;
        this.yaml = yaml;
        this.objects = objects;
    }

    private static final Map<String, Rendered> CACHE = new ConcurrentHashMap<>();

    /** Renders {@code k8s/<kustomization>} (e.g. {@code base}, {@code overlays/dev}), once per test run. */
    static Rendered of(String kustomization) {
        return CACHE.computeIfAbsent(kustomization, k -> parse(k, kubectlKustomize(K8S.resolve(k))));
    }

    /** Parses multi-document YAML into typed objects; fails on unknown kinds and unknown fields. */
    static Rendered parse(String kustomization, String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : DOCUMENT_SEPARATOR.split(yaml)) {
            if (document.isBlank()) {
                continue;
            }
            Object parsed = SERIALIZATION.unmarshal(document);
            if (!(parsed instanceof HasMetadata object) || parsed instanceof GenericKubernetesResource) {
                throw new AssertionError(kustomization + ": not a known Kubernetes kind:\n" + document);
            }
            List<String> unknown = new ArrayList<>();
            unknownFields(object, object.getKind() + "/" + object.getMetadata().getName(), unknown, 0);
            if (!unknown.isEmpty()) {
                throw new AssertionError(kustomization + ": fields the Kubernetes schema does not have: " + unknown);
            }
            objects.add(object);
        }
        return new Rendered(kustomization, yaml, List.copyOf(objects));
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> T one(Class<T> type, String name) {
        return all(type).stream().filter(o -> name.equals(o.getMetadata().getName())).findFirst()
                .orElseThrow(() -> new AssertionError(this.name + " has no " + type.getSimpleName() + " " + name));
    }

    private static String kubectlKustomize(Path directory) {
        try {
            Path out = Files.createTempFile("kustomize", ".yaml");
            Path err = Files.createTempFile("kustomize", ".err");
            Process process;
            try {
                process = new ProcessBuilder("kubectl", "kustomize", directory.toString())
                        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            } catch (IOException e) {
                throw new AssertionError("kubectl is needed to render k8s/ (Debian: apt-get install kubectl)", e);
            }
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("kubectl kustomize " + directory + " did not finish");
            }
            if (process.exitValue() != 0) {
                throw new AssertionError("kubectl kustomize " + directory + " failed:\n"
                        + Files.readString(err, StandardCharsets.UTF_8));
            }
            String yaml = Files.readString(out, StandardCharsets.UTF_8);
            Files.delete(out);
            Files.delete(err);
            return yaml;
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * Unknown YAML fields land in the model's {@code additionalProperties}: walks every fabric8 bean
     * reachable from the object and collects the paths of non-empty ones.
     */
    private static void unknownFields(Object value, String path, List<String> unknown, int depth) {
        if (value == null || depth > 40) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknownFields(item, path + "[" + i++ + "]", unknown, depth + 1);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> unknownFields(v, path + "." + k, unknown, depth + 1));
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || getter.getDeclaringClass() == Object.class
                    || !(getter.getName().startsWith("get") || getter.getName().startsWith("is"))) {
                continue;
            }
            Object child;
            try {
                child = getter.invoke(value);
            } catch (ReflectiveOperationException | RuntimeException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    unknown.add(path + " " + extra.keySet());
                }
                continue;
            }
            unknownFields(child, path + "." + getter.getName().replaceFirst("^(get|is)", ""), unknown, depth + 1);
        }
    }
}
