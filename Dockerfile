# syntax=docker/dockerfile:1
# MyService image: built with the Maven wrapper, run on a Temurin 25 JRE as a non-root user.

FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
# Dependencies first, so a code change does not download them again.
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN ./mvnw -B -q dependency:go-offline
COPY src src
# CI has already run the tests on this commit.
# Extracted, not run as the fat jar: the application's jar with its libraries beside it in lib/, so the
# JVM reads classes from plain jars on the class path, which is what the AOT cache can hold.
RUN ./mvnw -B -q -DskipTests package \
    && java -Djarmode=tools -jar target/myservice-*.jar extract --layers \
        --application-filename myservice.jar --destination /layers

FROM eclipse-temurin:25-jre AS runtime
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system myservice \
    && useradd --system --gid myservice --home-dir /app --shell /usr/sbin/nologin myservice
WORKDIR /app
# Layers from the least to the most often changed: a new release usually ships only the last one.
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/snapshot-dependencies/ ./
COPY --from=build /layers/application/ ./
USER myservice
# Made for a 512 MB / 2 CPU container (docs/operations.md, «The app's JVM: start-up and memory»). The
# collector is named: the JVM would pick Serial in such a container by itself but G1 on a bigger
# machine, and the benchmark reads these options from here. The heap is sized from the container's
# memory limit; the C heap's freed memory goes back to the system every 5 s; a JVM out of memory exits
# so Docker restarts it. The context starts from the bean definitions Spring's AOT processing generated
# at build time (pom.xml). The training run below uses the same options.
ENV JAVA_TOOL_OPTIONS="-XX:+UseSerialGC -XX:InitialRAMPercentage=12.5 -XX:MaxRAMPercentage=25 -XX:MinHeapFreeRatio=20 -XX:MaxHeapFreeRatio=40 -XX:-ShrinkHeapInSteps -XX:ReservedCodeCacheSize=48m -XX:TrimNativeHeapInterval=5000 -XX:+ExitOnOutOfMemoryError -Dspring.aot.enabled=true"

# A training start on this very JVM and these very jars records the loaded and linked classes and the
# methods' profiles (JDK 25 AOT cache, JEP 514/515). Spring's AOT processing has fixed at build time
# that Flyway migrates at start, so the training start migrates a throwaway PostgreSQL of this stage
# (none of it reaches the image): the context is refreshed, the schema created, and the JVM exits. A
# failed training leaves an empty cache file, and the JVM then says so once and starts without one.
FROM runtime AS training
USER root
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql \
    && rm -rf /var/lib/apt/lists/*
RUN pg_bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)" \
    && install -d -o postgres -m 700 /tmp/training-db \
    && runuser -u postgres -- "${pg_bin}/initdb" -D /tmp/training-db -U postgres --auth=trust > /tmp/initdb.log \
    && runuser -u postgres -- "${pg_bin}/pg_ctl" -D /tmp/training-db -w -l /tmp/training-db.log \
        -o "-c listen_addresses=127.0.0.1 -c port=5432 -c unix_socket_directories=/tmp" start \
    && (DB_URL=postgresql://postgres:training@127.0.0.1:5432/postgres \
        java -XX:AOTCacheOutput=/tmp/app.aot -Dspring.context.exit=onRefresh \
            -Dserver.port=0 -Dmanagement.server.port=0 \
            -jar /app/myservice.jar > /tmp/training.log 2>&1 \
        || (tail -20 /tmp/training.log; touch /tmp/app.aot)) \
    && runuser -u postgres -- "${pg_bin}/pg_ctl" -D /tmp/training-db -w stop

FROM runtime
COPY --from=training /tmp/app.aot /app/app.aot
EXPOSE 8081 9081
ENV JAVA_TOOL_OPTIONS="${JAVA_TOOL_OPTIONS} -XX:AOTCache=/app/app.aot"
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
    CMD curl -fsS "http://127.0.0.1:${MANAGEMENT_PORT:-9081}/actuator/health/readiness" > /dev/null || exit 1
ENTRYPOINT ["java", "-jar", "/app/myservice.jar"]
