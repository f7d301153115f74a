# Runtime image for the papers command line (ingest, streams, dashboard).
# Build the jar first: mvn -B -DskipTests package -pl cli -am
FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 papers && mkdir -p /inbox /state && chown papers /inbox /state
COPY cli/target/papers.jar /opt/papers/papers.jar
USER papers
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/papers/papers.jar"]
CMD ["--help"]
