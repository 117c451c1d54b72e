package io.mosaic.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.gson.JsonParser;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;

/**
 * Every object against the Kubernetes API schema, offline: the models that the Kubernetes Java client generates
 * from the API's OpenAPI document (client-java-api 25: Kubernetes 1.34) reject unknown fields, missing required
 * fields and values of the wrong type, at every depth. An apiVersion or kind the API does not serve is refused.
 */
final class ApiSchemaCheck implements Check {

    private static final String MODELS = "io.kubernetes.client.openapi.models.";

    /** The kinds this project uses, by API group ("" is the core group). */
    private static final Map<String, Set<String>> GROUP_KINDS = Map.of(
            "", Set.of("ConfigMap", "Secret", "Service", "ServiceAccount", "Namespace", "Pod",
                    "PersistentVolumeClaim"),
            "apps", Set.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet"),
            "autoscaling", Set.of("HorizontalPodAutoscaler"),
            "policy", Set.of("PodDisruptionBudget"),
            "networking.k8s.io", Set.of("NetworkPolicy", "Ingress"),
            "batch", Set.of("Job", "CronJob"));

    @Override
    public void check(Release release, Problems problems) {
        for (JsonNode object : release.objects()) {
            String apiVersion = object.path("apiVersion").asText();
            String kind = object.path("kind").asText();
            String where = Release.id(object);
            int slash = apiVersion.indexOf('/');
            String group = slash < 0 ? "" : apiVersion.substring(0, slash);
            String version = apiVersion.substring(slash + 1);
            if (!GROUP_KINDS.getOrDefault(group, Set.of()).contains(kind) || version.isEmpty()) {
                problems.add(where, "apiVersion '" + apiVersion + "' kind '" + kind + "' is not one the schema check"
                        + " knows (" + GROUP_KINDS + ")");
                continue;
            }
            Class<?> model;
            try {
                model = Class.forName(MODELS + Character.toUpperCase(version.charAt(0)) + version.substring(1) + kind);
            } catch (ClassNotFoundException e) {
                problems.add(where, "apiVersion '" + apiVersion + "' of " + kind
                        + " is not served by Kubernetes 1.34 (removed or never existed)");
                continue;
            }
            validate(model, object, where, problems);
        }
    }

    private static void validate(Class<?> model, JsonNode object, String where, Problems problems) {
        String json = object.toString();
        try {
            Method validate = model.getMethod("validateJsonElement", com.google.gson.JsonElement.class);
            validate.invoke(null, JsonParser.parseString(json));
            // Types the structural pass does not check (numbers, quantities, int-or-string) fail here.
            model.getMethod("fromJson", String.class).invoke(null, json);
        } catch (InvocationTargetException e) {
            problems.add(where, "not valid for the Kubernetes API: " + describe(e.getCause()));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the schema model " + model.getName() + " cannot be used", e);
        }
    }

    /** The model's message without the JSON it echoes. */
    private static String describe(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = String.valueOf(error.getMessage());
        if (root != error && root.getMessage() != null) {
            message = root.getClass().getSimpleName() + ": " + root.getMessage();
        }
        int json = message.indexOf(" JSON: ");
        return json < 0 ? message : message.substring(0, json);
    }
}
