# Mosaic's image: docker build -t mosaic:<version> .   (docs/kubernetes.md)
#
# Both stages are pinned to one Temurin update (25.0.3+9), so that a rebuild of the same commit gets the same JDK;
# raise the two together (k8s/ fails the build on a floating tag).
# Build stage: the Maven wrapper builds the runnable jar and its libs/ exactly as on a developer's machine.
FROM eclipse-temurin:25.0.3_9-jdk-noble AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -DskipTests -pl bff,demo -am package \
 && mkdir -p /out/enrichers /train \
 && cp demo/target/mosaic-demo.jar bff/aot-train.sh /train/ \
 && cp bff/target/mosaic.jar /out/mosaic.jar \
 && cp -r bff/target/libs /out/libs \
 && for folder in enrichers/*/; do \
      if [ -f "$folder/enricher.yaml" ]; then \
        mkdir -p "/out/$folder" && cp "$folder/enricher.yaml" "/out/$folder"; \
      fi; \
    done

# Run stage: a JRE, Mosaic's files under /app, a numeric non-root user.
FROM eclipse-temurin:25.0.3_9-jre-noble
RUN groupadd --system --gid 10001 mosaic \
 && useradd --system --uid 10001 --gid 10001 --home-dir /app --no-create-home --shell /usr/sbin/nologin mosaic
WORKDIR /app
COPY --from=build /out/ /app/
# The defaults, for `docker run`; in Kubernetes the ConfigMap generated from config/ is mounted over /app/config.
COPY config/ /app/config/
# AOT cache (JDK 25: classes loaded and linked, method profiles), written by one training run in this very image,
# since a cache only serves the JVM and jar paths it was made with. It halves the time to the first answer.
# The demo upstreams and the training traffic are removed again; the flags are the ENTRYPOINT's, with the heap
# sized as in a 320Mi pod whatever the build machine's memory (aot-train.sh: a cache is refused by a JVM whose
# compressed-oops mode differs).
COPY --from=build /train/ /tmp/aot-train/
RUN /tmp/aot-train/aot-train.sh /app mosaic.jar /tmp/aot-train/mosaic-demo.jar /app/mosaic.aot \
      -XX:+DisplayVMOutputToStderr -Xlog:disable -Xlog:all=warning:stderr \
      -XX:InitialRAMPercentage=20.0 -XX:MinRAMPercentage=20.0 -XX:MaxRAMPercentage=20.0 -XX:+UseSerialGC \
      -XX:+ExitOnOutOfMemoryError --enable-native-access=ALL-UNNAMED \
 && rm -rf /tmp/aot-train
USER 10001:10001
ENV SERVER_HOST=0.0.0.0
EXPOSE 8080
# The AOT cache from above; the JVM's own messages (its warnings, e.g. about the AOT cache, and "Terminating due to
# java.lang.OutOfMemoryError") on stderr with the other logs, so that stdout holds only the access log's JSON lines;
# a fixed heap of a fifth of the container's memory limit (64 MiB of k8s/base's 320Mi, the heap BENCHMARKS.md
# measures; without MinRAMPercentage a limit from 256Mi to 640Mi gives 126 MiB); the serial collector whatever the
# limits (docs/operations.md, "JVM flags"); exit on OutOfMemoryError so Kubernetes restarts the pod.
# java is PID 1 and gets SIGTERM directly, so Mosaic's graceful shutdown runs.
ENTRYPOINT ["java", "-XX:AOTCache=/app/mosaic.aot", "-XX:+DisplayVMOutputToStderr", "-Xlog:disable", "-Xlog:all=warning:stderr", "-XX:InitialRAMPercentage=20.0", "-XX:MinRAMPercentage=20.0", "-XX:MaxRAMPercentage=20.0", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", "--enable-native-access=ALL-UNNAMED", "-jar", "mosaic.jar"]
