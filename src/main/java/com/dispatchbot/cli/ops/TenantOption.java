package com.dispatchbot.cli.ops;

import picocli.CommandLine.Option;

/**
 * {@code --tenant} of the commands that read a tenant's data. It defaults to DEFAULT_TENANT (the
 * tenant of the public chat, {@code demo} unless set), as a single-business installation has one
 * tenant and should not have to name it; the commands print which tenant they read. Commands that
 * change data (archive, delete) take {@link Required} instead. Every query filters by it.
 */
final class TenantOption {
  @Option(
      names = "--tenant",
      paramLabel = "ID",
      description = "tenant id (default: DEFAULT_TENANT, else demo)")
  String tenant;

  /** The tenant asked for, or the default tenant; checked to exist. */
  String resolve(OpsDatabase db, AppConfig config) {
    return db.requireTenant("--tenant", tenant != null ? tenant.strip() : config.defaultTenant());
  }

  /** {@code --tenant} without a default: for commands that change or delete data. */
  static final class Required {
    @Option(
        names = "--tenant",
        paramLabel = "ID",
        required = true,
        description = "tenant id (required: this command changes data)")
    String tenant;

    String resolve(OpsDatabase db) {
      return db.requireTenant("--tenant", tenant.strip());
    }
  }
}
