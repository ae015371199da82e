package com.dispatchbot.api.admin;

import com.dispatchbot.api.ApiProblem;
import com.dispatchbot.security.Accounts;
import com.dispatchbot.security.Accounts.ApiKeyView;
import com.dispatchbot.security.Accounts.IssuedKey;
import com.dispatchbot.security.Accounts.UserView;
import com.dispatchbot.security.AuditLog;
import com.dispatchbot.security.DispatchPrincipal;
import com.dispatchbot.security.DispatchPrincipal.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A tenant's admin: API keys, console users and the audit log, always of the admin's own tenant.
 * Every change is written to the audit log in the same transaction (never a key or a password).
 */
@RestController
@RequestMapping("/v1/admin")
class AdminController {
  static final int MAX_AUDIT_ENTRIES = 500;

  private final Accounts accounts;
  private final AuditLog audit;

  AdminController(Accounts accounts, AuditLog audit) {
    this.accounts = accounts;
    this.audit = audit;
  }

  record NewApiKey(String name, String role) {}

  /** The key itself: shown in this answer and never again. */
  record CreatedApiKey(String id, String name, String role, String prefix, String key) {}

  record NewUser(String username, String password, String role) {}

  record CreatedUser(String username, String role) {}

  @Operation(
      summary = "Create an API key (the answer is the only time the key is shown)",
      description = "role: caller_api (gateways, widgets), operator or admin.")
  @PostMapping("/api-keys")
  @Transactional
  ResponseEntity<CreatedApiKey> createApiKey(
      @AuthenticationPrincipal DispatchPrincipal admin, @RequestBody NewApiKey request) {
    Role role = Accounts.role(request.role());
    IssuedKey issued = accounts.createApiKey(admin.tenantId(), request.name(), role);
    String name = request.name().strip();
    audit.record(
        admin,
        "api_key.create",
        "api_key",
        issued.id(),
        Map.of("name", name, "role", role.code(), "prefix", issued.prefix()));
    return ResponseEntity.created(URI.create("/v1/admin/api-keys/" + issued.id()))
        .body(new CreatedApiKey(issued.id(), name, role.code(), issued.prefix(), issued.key()));
  }

  @Operation(summary = "The tenant's API keys (never the keys themselves)")
  @GetMapping("/api-keys")
  List<ApiKeyView> apiKeys(@AuthenticationPrincipal DispatchPrincipal admin) {
    return accounts.apiKeys(admin.tenantId());
  }

  @Operation(summary = "Revoke an API key: it stops working within seconds on every node")
  @DeleteMapping("/api-keys/{id}")
  @Transactional
  ResponseEntity<Void> revokeApiKey(
      @AuthenticationPrincipal DispatchPrincipal admin, @PathVariable String id) {
    accounts.revokeApiKey(admin.tenantId(), id);
    audit.record(admin, "api_key.revoke", "api_key", id, Map.of());
    return ResponseEntity.noContent().build();
  }

  @Operation(
      summary = "Create a console user (operator or admin)",
      description =
          "Usernames are unique across all tenants (the login form names no tenant); passwords"
              + " have at least 12 characters.")
  @PostMapping("/users")
  @Transactional
  ResponseEntity<CreatedUser> createUser(
      @AuthenticationPrincipal DispatchPrincipal admin, @RequestBody NewUser request) {
    Role role = Accounts.role(request.role());
    accounts.createUser(admin.tenantId(), request.username(), request.password(), role);
    String username = request.username().strip().toLowerCase(java.util.Locale.ROOT);
    audit.record(admin, "user.create", "console_user", username, Map.of("role", role.code()));
    return ResponseEntity.status(HttpStatus.CREATED).body(new CreatedUser(username, role.code()));
  }

  @Operation(summary = "The tenant's console users")
  @GetMapping("/users")
  List<UserView> users(@AuthenticationPrincipal DispatchPrincipal admin) {
    return accounts.users(admin.tenantId());
  }

  @Operation(summary = "What the tenant's operators and admins did, newest first")
  @GetMapping("/audit")
  List<AuditLog.Entry> audit(
      @AuthenticationPrincipal DispatchPrincipal admin,
      @Parameter(description = "1-500, default 50") @RequestParam(defaultValue = "50") int limit) {
    if (limit < 1 || limit > MAX_AUDIT_ENTRIES) {
      throw new ApiProblem(
          HttpStatus.BAD_REQUEST,
          "Bad request",
          "limit must be between 1 and " + MAX_AUDIT_ENTRIES + ", not " + limit);
    }
    return audit.recent(admin.tenantId(), limit);
  }
}
