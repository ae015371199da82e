package com.dispatchbot.activities.geo;

import com.dispatchbot.workflows.geo.GeoActivities.GeoPoint;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * How far our geocodes land from Google's: over the rrad addresses (real US addresses with the
 * coordinates Google's geocoder gave them), geocode each with the chain this machine has and print
 * the error in km, the precision reached, the misses and the latency.
 *
 * <p>The chain is the offline gazetteer, preceded by Google when {@code GOOGLE_MAPS_API_KEY} is set
 * and by Nominatim when {@code FALLBACK_GEOCODER=nominatim} is set explicitly (the app's default of
 * asking the public Nominatim would make this a 4-minute, rate-limited run); {@code --offline} uses
 * the gazetteer alone. No cache: this measures the geocoders.
 */
@Command(
    name = "eval-geocode",
    mixinStandardHelpOptions = true,
    description = "Median and p90 error (km) of the geocoding chain on the rrad addresses.")
public class EvalGeocode implements Callable<Integer> {
  static final String DEFAULT_RRAD = "../shared/data/geo/rrad-us-250.json";

  @Option(
      names = "--rrad",
      defaultValue = DEFAULT_RRAD,
      description =
          "rrad JSON ({\"addresses\": [...]}); default ${DEFAULT-VALUE}, from the repo root")
  Path rrad;

  @Option(
      names = "--without-zip",
      description = "leave the ZIP code out of each address (measures city centroids)")
  boolean withoutZip;

  @Option(names = "--offline", description = "the gazetteer alone, whatever the environment says")
  boolean offline;

  @Option(names = "--limit", description = "only the first N addresses")
  Integer limit;

  @Spec CommandLine.Model.CommandSpec spec;

  private final Map<String, String> env;

  public EvalGeocode() {
    this(System.getenv());
  }

  EvalGeocode(Map<String, String> env) {
    this.env = env;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new EvalGeocode()).execute(args));
  }

  /** One rrad address: the text asked and where Google put it. */
  record Sample(String text, double lat, double lng) {}

  /** One geocode's outcome: the point (null for a miss), why not, how long it took. */
  record Outcome(Sample sample, GeoPoint point, String whyNot, long nanos) {
    double errorKm() {
      return Gazetteer.distanceKm(point.lat(), point.lng(), sample.lat(), sample.lng());
    }
  }

  /** The figures printed. */
  record Report(
      int addresses,
      List<Double> errorsKm,
      Map<String, Integer> byPrecision,
      Map<String, Integer> byProvider,
      List<Outcome> misses,
      long[] latencyNanos) {
    double medianKm() {
      return percentile(errorsKm.stream().mapToDouble(Double::doubleValue).toArray(), 0.5);
    }

    double p90Km() {
      return percentile(errorsKm.stream().mapToDouble(Double::doubleValue).toArray(), 0.9);
    }

    double latencyMillis(double p) {
      return percentile(Arrays.stream(latencyNanos).asDoubleStream().toArray(), p) / 1e6;
    }
  }

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    if (!Files.isRegularFile(rrad)) {
      spec.commandLine()
          .getErr()
          .println(
              "no such file: "
                  + rrad.toAbsolutePath().normalize()
                  + " (run from the repo root, or pass --rrad PATH)");
      return 2;
    }
    List<Sample> samples = read(rrad, withoutZip);
    if (limit != null && limit < samples.size()) {
      samples = samples.subList(0, limit);
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long cpuStarted = threads.getCurrentThreadCpuTime();
    long started = System.nanoTime();
    Gazetteer gazetteer = Gazetteer.loadResource();
    long loadMillis = (System.nanoTime() - started) / 1_000_000;
    long loadCpuMillis = (threads.getCurrentThreadCpuTime() - cpuStarted) / 1_000_000;
    try (Geocoding geocoding = chain(gazetteer)) {
      Report report = evaluate(geocoding, samples);
      out.printf(
          "eval-geocode: %d addresses from %s (%s)%n",
          report.addresses(), rrad, withoutZip ? "ZIP codes left out" : "as written, with ZIP");
      out.printf(
          "chain: %s; gazetteer: %,d ZIP codes, %,d cities, loaded in %d ms (%d ms CPU)%n",
          geocoding, gazetteer.zipCount(), gazetteer.cityCount(), loadMillis, loadCpuMillis);
      out.printf(
          Locale.ROOT,
          "error km: median %.2f, p90 %.2f (over %d placed)%n",
          report.medianKm(),
          report.p90Km(),
          report.errorsKm().size());
      out.printf("precision: %s%n", report.byPrecision());
      out.printf("provider: %s%n", report.byProvider());
      out.printf("misses: %d%n", report.misses().size());
      report.misses().stream()
          .limit(10)
          .forEach(m -> out.printf("  %s: %s%n", m.sample().text(), m.whyNot()));
      out.printf(
          Locale.ROOT,
          "latency ms: p50 %.3f, p95 %.3f%n",
          report.latencyMillis(0.5),
          report.latencyMillis(0.95));
      out.flush();
    }
    return 0;
  }

  private Geocoding chain(Gazetteer gazetteer) {
    List<Geocoder> geocoders = new ArrayList<>();
    Duration timeout = Duration.ofSeconds(10);
    if (!offline) {
      String key = env.get("GOOGLE_MAPS_API_KEY");
      if (key != null && !key.isBlank()) {
        geocoders.add(new GoogleGeocoder(key.strip(), null, timeout));
      }
      if ("nominatim".equalsIgnoreCase(env.getOrDefault("FALLBACK_GEOCODER", "").strip())) {
        String url = env.get("NOMINATIM_URL");
        geocoders.add(
            new NominatimGeocoder(
                url == null || url.isBlank() ? GeoProperties.PUBLIC_NOMINATIM : url.strip(),
                timeout));
      }
    }
    return new Geocoding(geocoders, gazetteer, null, Duration.ZERO);
  }

  static Report evaluate(Geocoding geocoding, List<Sample> samples) {
    List<Double> errors = new ArrayList<>();
    Map<String, Integer> byPrecision = new TreeMap<>();
    Map<String, Integer> byProvider = new TreeMap<>();
    List<Outcome> misses = new ArrayList<>();
    long[] latency = new long[samples.size()];
    for (int i = 0; i < samples.size(); i++) {
      Outcome outcome = geocode(geocoding, samples.get(i));
      latency[i] = outcome.nanos();
      if (outcome.point() == null) {
        misses.add(outcome);
        continue;
      }
      errors.add(outcome.errorKm());
      byPrecision.merge(outcome.point().precision(), 1, Integer::sum);
      byProvider.merge(outcome.point().provider(), 1, Integer::sum);
    }
    return new Report(samples.size(), errors, byPrecision, byProvider, misses, latency);
  }

  private static Outcome geocode(Geocoding geocoding, Sample sample) {
    long started = System.nanoTime();
    try {
      GeoPoint point = geocoding.geocode(sample.text(), Geocoding.Mode.BEST_EFFORT);
      return new Outcome(sample, point, null, System.nanoTime() - started);
    } catch (AddressNotFoundException | GeocodersUnavailableException e) {
      return new Outcome(sample, null, e.getMessage(), System.nanoTime() - started);
    }
  }

  /** {@code address1 address2, city, ST zip} per address, as a caller would say it. */
  static List<Sample> read(Path file, boolean withoutZip) throws IOException {
    JsonNode root = new ObjectMapper().readTree(file.toFile());
    List<Sample> samples = new ArrayList<>();
    for (JsonNode a : root.path("addresses")) {
      StringBuilder text = new StringBuilder(a.path("address1").asText("").strip());
      String unit = a.path("address2").asText("").strip();
      if (!unit.isEmpty()) {
        text.append(' ').append(unit);
      }
      String city = a.path("city").asText("").strip();
      if (!city.isEmpty()) {
        text.append(", ").append(city);
      }
      text.append(", ").append(a.path("state").asText("").strip());
      String zip = a.path("postalCode").asText("").strip();
      if (!withoutZip && !zip.isEmpty()) {
        text.append(' ').append(zip);
      }
      JsonNode at = a.path("coordinates");
      samples.add(
          new Sample(text.toString(), at.path("lat").asDouble(), at.path("lng").asDouble()));
    }
    return samples;
  }

  /** Nearest-rank percentile (p in 0..1); NaN for no values. */
  static double percentile(double[] values, double p) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
  }
}
