package com.dispatchbot.security;

import java.util.Locale;

/**
 * Who is calling: an API key or a console user, always of exactly one tenant. Every query a request
 * runs is filtered by {@link #tenantId()}.
 *
 * @param name the key's id ({@code key_...}) or the console user's name; what the audit log shows
 */
public record DispatchPrincipal(String tenantId, String name, Role role) {

  /** Roles nest: an admin may do what an operator may, an operator what the caller API may. */
  public enum Role {
    CALLER_API,
    OPERATOR,
    ADMIN;

    public String code() {
      return name().toLowerCase(Locale.ROOT);
    }

    public boolean includes(Role other) {
      return compareTo(other) >= 0;
    }
  }
}
