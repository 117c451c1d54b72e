package io.mosaic.k8s;

/** One check of a rendered environment. A check that finds nothing wrong adds nothing. */
@FunctionalInterface
public interface Check {

    void check(Release release, Problems problems);
}
