package io.mosaic.k8s;

import java.util.ArrayList;
import java.util.List;

/** What the checks found wrong in one rendered environment, each with the object and field it is about. */
public final class Problems {

    private final List<String> found = new ArrayList<>();

    /**
     * @param where   the object and field, e.g. {@code Deployment/mosaic: spec.template.spec.containers[mosaic]}
     * @param message what is wrong and, where it helps, what would be right
     */
    public void add(String where, String message) {
        found.add(where + ": " + message);
    }

    public boolean isEmpty() {
        return found.isEmpty();
    }

    public List<String> all() {
        return List.copyOf(found);
    }
}
