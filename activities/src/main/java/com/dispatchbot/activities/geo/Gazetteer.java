package com.dispatchbot.activities.geo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The offline geocoder shipped with the project: every US ZIP code's centroid and every postal
 * city's centroid, from {@code geo/us-zipcodes.csv} (see {@code geo/NOTICE.md}).
 *
 * <p>A city's centroid is the <b>median</b> latitude and the median longitude of its ZIP centroids.
 * The median, not the mean, because one bad row must not move a whole city: ZIP 10200 lies in Asia
 * in the source data, which moves the mean of New York, NY by 78 km and its median by nothing. On
 * the 239 addresses of the rrad sample that have a city in the data, city centroids are off by 4.4
 * km median (mean of ZIPs: 5.0 km; the first ZIP's: 5.0 km).
 *
 * <p>Built once, never changed: every lookup is a read of immutable maps, safe from any thread.
 * Military post offices (APO/FPO/DPO: states AA, AE, AP) are left out; they have no place on a map
 * (most have 0,0 in the data). Longitudes with the wrong sign (ZIP 10200) are corrected at load.
 */
public final class Gazetteer {
  private static final Logger log = LoggerFactory.getLogger(Gazetteer.class);

  /** The data inside the jar. */
  public static final String RESOURCE = "/geo/us-zipcodes.csv";

  /** Mean radius of the Earth (IUGG), km. */
  static final double EARTH_RADIUS_KM = 6371.0088;

  /** A five-digit ZIP, optionally ZIP+4, not part of a longer number. */
  private static final Pattern ZIP = Pattern.compile("(?<![\\d-])(\\d{5})(?:-\\d{4})?(?![\\d-])");

  /** Words of a street line a city name is looked for in, from the end. */
  private static final int MAX_CITY_WORDS = 5;

  private final Map<String, Place> byZip;
  private final Map<String, Place> byCityKeyAndState;
  private final Map<String, List<String>> statesByCityKey;
  private final int corrected;

  private Gazetteer(
      Map<String, Place> byZip,
      Map<String, Place> byCityKeyAndState,
      Map<String, List<String>> statesByCityKey,
      int corrected) {
    this.byZip = byZip;
    this.byCityKeyAndState = byCityKeyAndState;
    this.statesByCityKey = statesByCityKey;
    this.corrected = corrected;
  }

  /** What the gazetteer made of a text: a place and its precision ({@code zip} or {@code city}). */
  public record Located(Place place, String precision) {}

  /** The gazetteer in the jar; loaded once per JVM, on first use (about 100 ms). */
  public static Gazetteer shared() {
    return Shared.INSTANCE;
  }

  private static final class Shared {
    static final Gazetteer INSTANCE = loadResource();
  }

  static Gazetteer loadResource() {
    long started = System.nanoTime();
    try (InputStream in = Gazetteer.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the classpath");
      }
      Gazetteer gazetteer = load(in);
      log.info(
          "gazetteer: {} ZIP codes, {} cities, {} longitudes corrected, loaded in {} ms",
          gazetteer.zipCount(),
          gazetteer.cityCount(),
          gazetteer.corrected,
          (System.nanoTime() - started) / 1_000_000);
      return gazetteer;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  /** Reads {@code zip,city,state,latitude,longitude} rows (a header row first). */
  static Gazetteer load(InputStream csv) throws IOException {
    Map<String, Place> byZip = new HashMap<>(64_000);
    Map<String, List<Place>> zipsByCity = new LinkedHashMap<>(48_000);
    Map<String, String> cityKeys = new HashMap<>(32_000); // a city's name repeats for its ZIPs
    int corrected = 0;
    BufferedReader reader = new BufferedReader(new InputStreamReader(csv, StandardCharsets.UTF_8));
    String line = reader.readLine(); // header
    int lineNumber = 1;
    while ((line = reader.readLine()) != null) {
      lineNumber++;
      if (line.isBlank()) {
        continue;
      }
      String[] f = splitCsv(line);
      if (f.length != 5 || !isZip(f[0])) {
        throw new IOException("line " + lineNumber + " is not zip,city,state,lat,lng: " + line);
      }
      String state = f[2].strip();
      double lat = Double.parseDouble(f[3]);
      double lng = Double.parseDouble(f[4]);
      if (UsStates.MILITARY.contains(state) || (lat == 0 && lng == 0)) {
        continue;
      }
      if (lng > 0 && !UsStates.EASTERN_LONGITUDES.contains(state)) {
        lng = -lng;
        corrected++;
      }
      Place place = new Place(f[0], f[1].strip(), state, lat, lng);
      byZip.put(place.zip(), place);
      zipsByCity
          .computeIfAbsent(
              cityKeys.computeIfAbsent(place.city(), AddressText::cityKey) + "|" + state,
              k -> new ArrayList<>())
          .add(place);
    }
    Map<String, Place> byCity = new HashMap<>(zipsByCity.size() * 2);
    Map<String, List<String>> statesByCity = new HashMap<>(zipsByCity.size() * 2);
    for (Map.Entry<String, List<Place>> city : zipsByCity.entrySet()) {
      List<Place> zips = city.getValue();
      double[] lats = new double[zips.size()];
      double[] lngs = new double[zips.size()];
      for (int i = 0; i < lats.length; i++) {
        lats[i] = zips.get(i).lat();
        lngs[i] = zips.get(i).lng();
      }
      Place first = zips.get(0);
      byCity.put(
          city.getKey(), new Place(null, first.city(), first.state(), median(lats), median(lngs)));
      String cityKey = city.getKey().substring(0, city.getKey().indexOf('|'));
      statesByCity.computeIfAbsent(cityKey, k -> new ArrayList<>(1)).add(first.state());
    }
    for (Map.Entry<String, List<String>> states : statesByCity.entrySet()) {
      List<String> sorted = new ArrayList<>(states.getValue());
      Collections.sort(sorted);
      states.setValue(List.copyOf(sorted));
    }
    return new Gazetteer(
        Collections.unmodifiableMap(byZip),
        Collections.unmodifiableMap(byCity),
        Collections.unmodifiableMap(statesByCity),
        corrected);
  }

  public int zipCount() {
    return byZip.size();
  }

  public int cityCount() {
    return byCityKeyAndState.size();
  }

  /** The centroid of a ZIP code ({@code 80202} or ZIP+4 {@code 80202-1234}). */
  public Optional<Place> byZip(String zip) {
    if (zip == null) {
      return Optional.empty();
    }
    String z = zip.strip();
    if (z.matches("\\d{5}-\\d{4}")) {
      z = z.substring(0, 5);
    }
    return Optional.ofNullable(byZip.get(z));
  }

  /**
   * The centroid of a city ({@code zip} is null). Tolerant: case, accents, punctuation, {@code
   * St.}/{@code Saint}, {@code Ft}/{@code Fort}, {@code Mt}/{@code Mount}; the state as a code or a
   * name ({@code MO}, {@code Missouri}).
   */
  public Optional<Place> byCityState(String city, String state) {
    if (city == null || state == null) {
      return Optional.empty();
    }
    return UsStates.code(String.join(" ", AddressText.words(state)))
        .map(code -> byCityKeyAndState.get(AddressText.cityKey(city) + "|" + code));
  }

  /** The states that have a postal city of this name (sorted codes; empty when none). */
  public List<String> statesWithCity(String city) {
    return statesByCityKey.getOrDefault(AddressText.cityKey(city), List.of());
  }

  /** Great-circle (haversine) distance in kilometres. */
  public static double distanceKm(double lat1, double lng1, double lat2, double lng2) {
    double p1 = Math.toRadians(lat1);
    double p2 = Math.toRadians(lat2);
    double dp = p2 - p1;
    double dl = Math.toRadians(lng2 - lng1);
    double h =
        Math.sin(dp / 2) * Math.sin(dp / 2)
            + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
    return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
  }

  /**
   * Places a free-text address: a ZIP code in it wins (precision {@code zip}), else its city and
   * state (precision {@code city}). A ZIP that contradicts the stated state gives way to the city
   * when that city exists (a mistyped ZIP is likelier than a mistyped state). A leading number is a
   * house number, never a ZIP ({@code 12345 Main St, Denver, CO}).
   */
  public Optional<Located> locate(String address) {
    return resolve(address).located();
  }

  /** Why {@link #locate} found nothing, in words for the caller; null when it found something. */
  String whyNotLocated(String address) {
    return resolve(address).reason();
  }

  record Resolution(Optional<Located> located, String reason) {
    static Resolution found(Place place, String precision) {
      return new Resolution(Optional.of(new Located(place, precision)), null);
    }

    static Resolution notFound(String reason) {
      return new Resolution(Optional.empty(), reason);
    }
  }

  Resolution resolve(String address) {
    if (address == null || address.isBlank()) {
      return Resolution.notFound("the address is empty");
    }
    String text = AddressText.withoutCountry(address.strip());
    String zip = null;
    String rest = text;
    Matcher m = ZIP.matcher(text);
    int start = -1;
    int end = -1;
    while (m.find()) {
      start = m.start();
      end = m.end();
      zip = m.group(1);
    }
    if (zip != null) {
      boolean leadingNumber = start == 0 && !text.substring(end).isBlank();
      if (leadingNumber) {
        zip = null;
      } else {
        rest = text.substring(0, start) + " " + text.substring(end);
      }
    }
    CityState stated = cityState(rest);
    if (zip != null) {
      Optional<Place> place = byZip(zip);
      if (place.isPresent()) {
        boolean contradicted =
            stated.state() != null
                && !stated.state().equals(place.get().state())
                && stated.place() != null;
        return contradicted
            ? Resolution.found(stated.place(), "city")
            : Resolution.found(place.get(), "zip");
      }
    }
    if (stated.place() != null) {
      return Resolution.found(stated.place(), "city");
    }
    if (zip != null) {
      return Resolution.notFound("ZIP code " + zip + " is not a known US ZIP code");
    }
    return Resolution.notFound(stated.whyNot());
  }

  /** A city and state read from the end of an address, and what they name in the data. */
  private record CityState(String state, Place place, String whyNot) {}

  private CityState cityState(String text) {
    List<List<String>> segments = new ArrayList<>();
    for (String segment : text.split("[,;\\n]")) {
      List<String> words = AddressText.words(segment);
      if (!words.isEmpty()) {
        segments.add(words);
      }
    }
    if (segments.isEmpty()) {
      return new CityState(null, null, "no ZIP code or city and state in the address");
    }
    int lastIndex = segments.size() - 1;
    List<String> last = segments.get(lastIndex);
    for (int k = Math.min(UsStates.MAX_NAME_WORDS, last.size()); k >= 1; k--) {
      Optional<String> state =
          UsStates.code(String.join(" ", last.subList(last.size() - k, last.size())));
      if (state.isEmpty()) {
        continue;
      }
      List<String> before = last.subList(0, last.size() - k);
      int cityIndex = lastIndex;
      if (before.isEmpty()) {
        if (lastIndex == 0) {
          return new CityState(
              state.get(), null, "only a state was given; add a city or a ZIP code");
        }
        cityIndex = lastIndex - 1;
        before = segments.get(cityIndex);
      }
      Place city = findCity(before, state.get(), cityIndex == 0);
      String name = AddressText.titleCase(before);
      return new CityState(
          state.get(),
          city,
          city != null
              ? null
              : cityIndex == 0
                  ? "no city of " + state.get() + " found in '" + name + "'; add a ZIP code"
                  : "no city named '"
                      + name
                      + "' in "
                      + state.get()
                      + "; check the spelling or add a ZIP code");
    }
    // No state: a city name alone places the address only when one state has such a city.
    List<String> cityWords = last;
    List<String> states = statesByCityKey.getOrDefault(AddressText.cityKey(cityWords), List.of());
    String name = AddressText.titleCase(cityWords);
    if (states.size() == 1) {
      return new CityState(
          states.get(0),
          byCityKeyAndState.get(AddressText.cityKey(cityWords) + "|" + states.get(0)),
          null);
    }
    if (states.size() > 1) {
      return new CityState(
          null,
          null,
          "'"
              + name
              + "' is a city in "
              + states.size()
              + " states ("
              + String.join(", ", states.subList(0, Math.min(5, states.size())))
              + (states.size() > 5 ? ", ..." : "")
              + "); add the state or a ZIP code");
    }
    return new CityState(
        null, null, "no ZIP code or city and state found; add a ZIP code or 'City, ST'");
  }

  /**
   * A city in {@code words} for {@code state}. When the words are their own part of the address
   * ({@code ..., Denver, CO}) they must name the city exactly; when they also hold the street
   * ({@code 560 Penstock Dr Grass Valley CA}), the longest run of last words that is a city wins.
   */
  private Place findCity(List<String> words, String state, boolean mayHoldStreet) {
    if (!mayHoldStreet) {
      return byCityKeyAndState.get(AddressText.cityKey(words) + "|" + state);
    }
    for (int k = Math.min(MAX_CITY_WORDS, words.size()); k >= 1; k--) {
      Place place =
          byCityKeyAndState.get(
              AddressText.cityKey(words.subList(words.size() - k, words.size())) + "|" + state);
      if (place != null) {
        return place;
      }
    }
    return null;
  }

  private static boolean isZip(String s) {
    if (s.length() != 5) {
      return false;
    }
    for (int i = 0; i < 5; i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static double median(double[] values) {
    Arrays.sort(values);
    int n = values.length;
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  }

  /** One CSV row: fields separated by commas, optionally in double quotes ("" is a quote). */
  private static String[] splitCsv(String line) {
    int open = line.indexOf('"');
    int close = open < 0 ? -1 : line.indexOf('"', open + 1);
    if (open < 0 || (close == line.lastIndexOf('"') && line.indexOf(',', open) > close)) {
      // the usual row: at most one quoted field, with no quote or comma inside
      String[] fields = line.split(",", -1);
      for (int i = 0; i < fields.length; i++) {
        String f = fields[i];
        if (f.length() >= 2 && f.charAt(0) == '"' && f.charAt(f.length() - 1) == '"') {
          fields[i] = f.substring(1, f.length() - 1);
        }
      }
      return fields;
    }
    List<String> fields = new ArrayList<>(5);
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    fields.add(field.toString());
    return fields.toArray(String[]::new);
  }
}
