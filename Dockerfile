# dispatch-bot: one image runs the API and the Temporal workers.
#
#   docker build -t dispatch-bot .            (or: docker compose build app)
#   docker run -p 8000:8000 -e DATABASE_URL=... -e TEMPORAL_ADDRESS=... dispatch-bot
#
# Extra JVM flags: set JAVA_TOOL_OPTIONS (the JVM reads it; the entrypoint stays fixed).

# ---- build ---------------------------------------------------------------------------------
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build

# 1. Project model only, so the dependency layer below is rebuilt only when a pom changes.
#    Module layout: workflows/ and activities/ use <module>/src/main/java; the app module is
#    src/ itself, with its sources in src/main/java (src/pom.xml maps main/java).
COPY .mvn/ .mvn/
COPY pom.xml ./
COPY workflows/pom.xml workflows/
COPY activities/pom.xml activities/
COPY src/pom.xml src/

# 2. Warm the local repository with the plugins and third-party dependencies of every module.
#    excludeReactor: our own modules (e.g. dispatch-bot-workflows) are built below, not downloaded.
#    go-offline misses a few lazily resolved plugin parts; the package step fetches those.
RUN mvn -B -ntp -q dependency:go-offline -DexcludeReactor=true

# 3. Sources, then the build. Tests run in CI, not in the image build (-DskipTests still
#    compiles them, which the workflows test-jar needs).
COPY workflows/ workflows/
COPY activities/ activities/
COPY src/ src/
RUN mvn -B -ntp -DskipTests package \
 && java -Djarmode=tools -jar src/target/dispatch-bot.jar extract --layers --destination /build/extracted

# ---- runtime -------------------------------------------------------------------------------
FROM eclipse-temurin:17-jre-noble

# curl: the HEALTHCHECK below and compose's healthcheck (the JRE image has no curl or wget).
# postgresql-client: pg_dump / pg_restore for the Backup workflow; Ubuntu noble ships 16, the
# same major as the compose stack's postgres:16 (pg_dump refuses servers newer than itself).
# Versions are left to the pinned base image's archive (exact apt pins break on every update).
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl postgresql-client \
 && rm -rf /var/lib/apt/lists/*

# Non-root user with a home: DJL, ONNX Runtime and Tomcat write caches under $HOME and /tmp.
# /app/data is for files the app keeps (backups, exports); compose mounts a volume there.
RUN groupadd --system --gid 10001 dispatch \
 && useradd --system --uid 10001 --gid dispatch --create-home --home-dir /home/dispatch \
      --shell /usr/sbin/nologin dispatch \
 && mkdir -p /app/data \
 && chown dispatch:dispatch /app/data

WORKDIR /app

# Spring Boot's extracted layers, least to most often changed; together they make
# /app/dispatch-bot.jar (thin, its manifest Class-Path points at /app/lib/), so `java -jar`
# still works while a code change only replaces the last small layers.
COPY --from=build /build/extracted/dependencies/ ./
COPY --from=build /build/extracted/spring-boot-loader/ ./
COPY --from=build /build/extracted/snapshot-dependencies/ ./
COPY --from=build /build/extracted/application/ ./

USER 10001:10001

ENV PORT=8000
EXPOSE 8000

# /health on the port the app listens on (PORT, 8000 unless overridden).
HEALTHCHECK --interval=15s --timeout=5s --start-period=120s --retries=5 \
  CMD ["sh", "-c", "curl -fsS -o /dev/null \"http://localhost:${PORT:-8000}/health\" || exit 1"]

ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/dispatch-bot.jar"]
