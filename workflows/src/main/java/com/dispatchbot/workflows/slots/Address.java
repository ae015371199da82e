package com.dispatchbot.workflows.slots;

/**
 * A US street address as the caller said it, split into parts where they could be found.
 *
 * @param line the address as one line, cleaned up (what a geocoder is asked)
 */
public record Address(
    String line, String street, String unit, String city, String state, String zip) {}
