#!/usr/bin/env bash
# The benchmark: builds the production jar, seeds an embedded PostgreSQL, starts the jar in its own JVM
# and drives it with wrk. Results go to bench/results/ (Markdown and JSON). Not part of the tests.
#   BENCH_DURATION=10s BENCH_CONNECTIONS=32 bash bench/run.sh
#   BENCH_ONLY=dashboard bash bench/run.sh   # only ours against the replica of the original service
#   BENCH_ONLY=dashboard BENCH_BASELINE_JAR=/tmp/before.jar bash bench/run.sh   # and another build, in turns
#   BENCH_ONLY=startup BENCH_STARTS=5 bash bench/run.sh   # start-up time and memory of each way to start
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${JAVA_HOME:-}" ] || ! "${JAVA_HOME}/bin/java" -version 2>&1 | grep -q 'version "25'; then
    for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25*; do
        if [ -x "${candidate}/bin/java" ]; then
            export JAVA_HOME="${candidate}"
            break
        fi
    done
fi
# wrk, and Debian's Python packages for the replica of the original service (bench/seed-mvp/).
if ! command -v wrk >/dev/null 2>&1 \
        || ! /usr/bin/python3 -c 'import fastapi, uvicorn, sqlalchemy, psycopg2, jinja2' >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq wrk python3-fastapi python3-uvicorn python3-sqlalchemy python3-psycopg2 python3-jinja2
fi

# From clean: a resource removed from the sources (a migration, say) must not linger in target/classes.
./mvnw -q -B -DskipTests clean package
./mvnw -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
"${JAVA_HOME}/bin/java" -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
    ru.myservice.bench.BenchHarness
