package com.dispatchbot.security;

import java.util.Optional;

/**
 * What the request filters ask on every request: who an API key is, and whether a console user may
 * still act. {@link Accounts} answers from Postgres behind a short cache.
 */
public interface Credentials {

  /** The key's principal; empty when the key is unknown, malformed or revoked. */
  Optional<DispatchPrincipal> apiKey(String key);

  /** False once the user is disabled or removed: an open session ends at its next request. */
  boolean consoleUserActive(String username);
}
