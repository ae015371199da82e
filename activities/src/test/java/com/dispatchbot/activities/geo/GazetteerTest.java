package com.dispatchbot.activities.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.dispatchbot.activities.geo.Gazetteer.Located;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class GazetteerTest {
  static final Gazetteer GAZETTEER = Gazetteer.shared();

  @Test
  void givenAZipCode_whenLookedUp_itShouldGiveItsCityStateAndCentroid() {
    Place denver = GAZETTEER.byZip("80202").orElseThrow();

    assertThat(denver.city()).isEqualTo("Denver");
    assertThat(denver.state()).isEqualTo("CO");
    assertThat(denver.lat()).isCloseTo(39.75, within(0.05));
    assertThat(denver.lng()).isCloseTo(-105.0, within(0.05));
    assertThat(GAZETTEER.byZip("80202-1234")).contains(denver);
  }

  @Test
  void givenZipCodesThatAreNoPlaceOnAMap_whenLookedUp_itShouldFindNothing() {
    assertThat(GAZETTEER.byZip("09002")).as("APO, 0,0 in the data").isEmpty();
    assertThat(GAZETTEER.byZip("99999")).isEmpty();
    assertThat(GAZETTEER.byZip("8020")).isEmpty();
    assertThat(GAZETTEER.byZip(null)).isEmpty();
  }

  @Test
  void givenTheSourceRowWithAnEasternLongitude_whenLoaded_itShouldStillBeInNewYork() {
    Place zip10200 = GAZETTEER.byZip("10200").orElseThrow();

    assertThat(zip10200.lng()).isCloseTo(-73.95, within(0.01));
    Place manhattan = GAZETTEER.byCityState("New York", "NY").orElseThrow();
    assertThat(manhattan.distanceKm(GAZETTEER.byZip("10001").orElseThrow())).isLessThan(10);
  }

  @Test
  void givenACityWrittenAnyWay_whenLookedUp_itShouldFindTheSameCentroid() {
    Place stLouis = GAZETTEER.byCityState("Saint Louis", "MO").orElseThrow();

    assertThat(GAZETTEER.byCityState("St. Louis", "mo")).contains(stLouis);
    assertThat(GAZETTEER.byCityState("ST LOUIS", "Missouri")).contains(stLouis);
    assertThat(GAZETTEER.byCityState("st louis", "MISSOURI")).contains(stLouis);
    assertThat(stLouis.zip()).as("a city centroid has no single ZIP").isNull();
    assertThat(GAZETTEER.byCityState("O'Neals", "California")).isPresent();
    assertThat(GAZETTEER.byCityState("Fort Lee", "NJ"))
        .isEqualTo(GAZETTEER.byCityState("Ft. Lee", "New Jersey"));
    assertThat(GAZETTEER.byCityState("Washington", "District of Columbia"))
        .isEqualTo(GAZETTEER.byCityState("washington", "D.C."));
  }

  @Test
  void givenACityInAnotherStateOrNoSuchCity_whenLookedUp_itShouldFindNothing() {
    assertThat(GAZETTEER.byCityState("Denver", "CA")).isEmpty();
    assertThat(GAZETTEER.byCityState("Atlantis", "CO")).isEmpty();
    assertThat(GAZETTEER.byCityState("Denver", "XX")).isEmpty();
  }

  @Test
  void givenAFullAddressWithAZip_whenLocated_itShouldUseTheZipNotTheHouseNumber() {
    Located located =
        GAZETTEER.locate("12345 West Colfax Ave, Denver, CO 80204-1234").orElseThrow();

    assertThat(located.precision()).isEqualTo("zip");
    assertThat(located.place().zip()).isEqualTo("80204");
  }

  @Test
  void givenAHouseNumberOfFiveDigitsAndNoZip_whenLocated_itShouldPlaceTheCityNotThatZip() {
    Located located = GAZETTEER.locate("12345 Main St, Springfield, IL").orElseThrow();

    assertThat(located.precision()).isEqualTo("city");
    assertThat(located.place().city()).isEqualTo("Springfield");
    assertThat(located.place().state()).isEqualTo("IL");
  }

  @Test
  void givenAnAddressWithoutCommas_whenLocated_itShouldFindTheCityBeforeTheState() {
    Located located = GAZETTEER.locate("560 Penstock Drive Grass Valley CA").orElseThrow();

    assertThat(located.place().city()).isEqualTo("Grass Valley");
    assertThat(located.precision()).isEqualTo("city");
    assertThat(GAZETTEER.locate("1745 T Street Southeast Washington DC").orElseThrow().place())
        .isEqualTo(GAZETTEER.byCityState("Washington", "DC").orElseThrow());
    assertThat(GAZETTEER.locate("Seattle, Washington, USA").orElseThrow().place().state())
        .isEqualTo("WA");
  }

  @Test
  void givenAZipThatContradictsTheStatedCityAndState_whenLocated_itShouldTrustTheCity() {
    Located located = GAZETTEER.locate("100 Main St, Boulder, CO 10001").orElseThrow();

    assertThat(located.precision()).isEqualTo("city");
    assertThat(located.place().city()).isEqualTo("Boulder");
  }

  @Test
  void givenAddressesItCannotPlace_whenLocated_itShouldSayWhatToAdd() {
    assertThat(GAZETTEER.locate("Springfield")).isEmpty();
    assertThat(GAZETTEER.whyNotLocated("Springfield")).contains("states").contains("add the state");
    assertThat(GAZETTEER.whyNotLocated("42 Elm Street")).contains("ZIP");
    assertThat(GAZETTEER.whyNotLocated("1 Main St, Atlantis, CO"))
        .isEqualTo("no city named 'Atlantis' in CO; check the spelling or add a ZIP code");
    assertThat(GAZETTEER.whyNotLocated("1 Main St 99999")).contains("99999");
    assertThat(GAZETTEER.whyNotLocated("Colorado")).contains("only a state");
    assertThat(GAZETTEER.whyNotLocated("  ")).isEqualTo("the address is empty");
  }

  @Test
  void givenACityNameOnlyOneStateHas_whenLocatedWithoutAState_itShouldPlaceIt() {
    Optional<Located> located = GAZETTEER.locate("kalamazoo");

    assertThat(GAZETTEER.statesWithCity("Kalamazoo")).containsExactly("MI");
    assertThat(located).map(l -> l.place().state()).contains("MI");
    assertThat(GAZETTEER.statesWithCity("Grass Valley")).containsExactly("CA", "OR");
  }

  @Test
  void givenTwoKnownPoints_whenDistance_itShouldBeTheGreatCircleDistance() {
    // one degree of latitude on the mean sphere
    assertThat(Gazetteer.distanceKm(0, 0, 1, 0)).isCloseTo(111.195, within(0.01));
    // JFK to LAX: 3,974 km on the mean sphere (3,983 km on the WGS84 ellipsoid)
    assertThat(Gazetteer.distanceKm(40.6413, -73.7781, 33.9416, -118.4085))
        .isCloseTo(3974.3, within(0.5));
    assertThat(Gazetteer.distanceKm(39.75, -105.0, 39.75, -105.0)).isZero();
  }

  @Test
  void givenManyThreads_whenLookingUpAtOnce_theyShouldAllSeeTheSameAnswers() {
    List<String> zips = List.of("80202", "10001", "94103", "60601", "33101", "98101", "02108");
    List<Optional<Place>> expected = zips.stream().map(GAZETTEER::byZip).toList();

    IntStream.range(0, 2_000)
        .parallel()
        .forEach(
            i -> {
              int n = i % zips.size();
              assertThat(GAZETTEER.byZip(zips.get(n))).isEqualTo(expected.get(n));
            });
  }

  @Test
  void theDataShouldCoverTheUnitedStatesWithoutMilitaryPostOffices() {
    assertThat(GAZETTEER.zipCount()).isBetween(41_000, 42_555);
    assertThat(GAZETTEER.cityCount()).isGreaterThan(29_000);
    assertThat(GAZETTEER.statesWithCity("APO")).isEmpty();
  }
}
