package com.dispatchbot.activities.geo;

import java.util.Locale;

/** How close a geocode is to the door, finest first; {@link #code()} is what results carry. */
enum Precision {
  /** The building itself. */
  ROOFTOP,
  /** On the right street: interpolated between house numbers, or the street's centre. */
  STREET,
  /** Somewhere in the ZIP code (or a neighbourhood of about that size). */
  ZIP,
  /** Somewhere in the city or town. */
  CITY;

  String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
