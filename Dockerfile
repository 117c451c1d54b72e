# Mosaic's image: docker build -t mosaic:<version> .   (docs/kubernetes.md)
#
# Build stage: the Maven wrapper builds the runnable jar and its libs/ exactly as on a developer's machine.
FROM eclipse-temurin:25-jdk-noble AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -DskipTests -pl bff -am package \
 && mkdir -p /out/enrichers \
 && cp bff/target/mosaic.jar /out/mosaic.jar \
 && cp -r bff/target/libs /out/libs \
 && for folder in enrichers/*/; do \
      if [ -f "$folder/enricher.yaml" ]; then \
        mkdir -p "/out/$folder" && cp "$folder/enricher.yaml" "/out/$folder"; \
      fi; \
    done

# Run stage: a JRE, Mosaic's files under /app, a numeric non-root user.
FROM eclipse-temurin:25-jre-noble
RUN groupadd --system --gid 10001 mosaic \
 && useradd --system --uid 10001 --gid 10001 --home-dir /app --no-create-home --shell /usr/sbin/nologin mosaic
WORKDIR /app
COPY --from=build /out/ /app/
# The defaults, for `docker run`; in Kubernetes the ConfigMap generated from config/ is mounted over /app/config.
COPY config/ /app/config/
USER 10001:10001
ENV SERVER_HOST=0.0.0.0
EXPOSE 8080
# Heap from the container's memory limit; exit on OutOfMemoryError so Kubernetes restarts the pod.
# java is PID 1 and gets SIGTERM directly, so Mosaic's graceful shutdown runs.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75.0", "-XX:+ExitOnOutOfMemoryError", "--enable-native-access=ALL-UNNAMED", "-jar", "mosaic.jar"]
