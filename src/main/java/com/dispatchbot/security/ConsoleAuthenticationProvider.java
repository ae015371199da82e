package com.dispatchbot.security;

import java.util.Optional;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * The console's login form: checks the username and password against {@code console_users} and
 * makes the session's principal a {@link DispatchPrincipal}, as an API key's is, so controllers
 * read the tenant the same way for both.
 */
@Component
class ConsoleAuthenticationProvider implements AuthenticationProvider {
  private final Accounts accounts;
  private final PasswordEncoder passwords;

  /** Compared against when the user does not exist, so both answers take as long. */
  private final String decoyHash;

  ConsoleAuthenticationProvider(Accounts accounts, PasswordEncoder passwords) {
    this.accounts = accounts;
    this.passwords = passwords;
    this.decoyHash = passwords.encode("not a password of anyone");
  }

  @Override
  public Authentication authenticate(Authentication login) throws AuthenticationException {
    String username = login.getName();
    String password = login.getCredentials() == null ? "" : login.getCredentials().toString();
    Optional<Accounts.ConsoleUser> user = accounts.findUser(username);
    boolean matches =
        passwords.matches(password, user.map(u -> u.passwordHash()).orElse(decoyHash));
    if (user.isEmpty() || !matches) {
      throw new BadCredentialsException("wrong username or password");
    }
    Accounts.ConsoleUser found = user.get();
    if (found.disabled()) {
      throw new DisabledException("the user is disabled");
    }
    DispatchPrincipal principal =
        new DispatchPrincipal(found.tenantId(), found.username(), found.role());
    return UsernamePasswordAuthenticationToken.authenticated(
        principal, null, ApiKeyAuthenticationFilter.authorities(found.role()));
  }

  @Override
  public boolean supports(Class<?> authentication) {
    return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
  }
}
