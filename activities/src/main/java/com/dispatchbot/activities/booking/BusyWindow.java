package com.dispatchbot.activities.booking;

/**
 * A window of a technician's calendar that blocks new bookings: an appointment, or a live hold.
 *
 * @param lat where the job is, or null (a hold, or an appointment without a location)
 */
record BusyWindow(String technicianId, Window window, Double lat, Double lng) {

  boolean hasLocation() {
    return lat != null && lng != null && Geo.known(lat, lng);
  }
}
