package com.dispatchbot.activities.intent;

/**
 * The kind of danger behind an emergency, so the answer can give the right safety steps. Declared
 * from the most to the least urgent: when a caller reports several (water coming through a light
 * fixture), the first kind's steps come first.
 */
public enum EmergencyKind {
  /** A carbon monoxide alarm going off, or symptoms blamed on carbon monoxide. */
  CARBON_MONOXIDE,
  /** A gas smell (rotten eggs), a gas leak, a hissing gas line. */
  GAS,
  /** Something on fire, or smoke pouring out. */
  FIRE,
  /** Sparks, smoke, a burning smell or heat at an outlet, a panel, a switch or wiring. */
  ELECTRICAL,
  /** A burst pipe or water main, flooding, water pouring through a ceiling, an overflow. */
  WATER,
  /** Sewage backing up into the house. */
  SEWAGE,
  /** No heat while it is freezing. */
  NO_HEAT,
  /** The caller says it is an emergency without saying what it is. */
  GENERAL
}
