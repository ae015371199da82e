package com.dispatchbot.activities.backup;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where backups go and how long they stay (application.yaml {@code dispatch.backup.*}).
 *
 * @param dir BACKUP_DIR; training-data exports go to its {@code training/} folder
 * @param retention BACKUP_RETENTION: database dumps older than this are deleted
 * @param keepAtLeast BACKUP_KEEP_AT_LEAST: the newest verified dumps retention never deletes
 * @param schema the one schema to dump ({@code -n}); empty: the whole database
 */
@ConfigurationProperties("dispatch.backup")
public record BackupProperties(String dir, Duration retention, Integer keepAtLeast, String schema) {
  public BackupProperties {
    dir = dir == null || dir.isBlank() ? "data/backups" : dir.strip();
    retention = retention == null ? Duration.ofDays(7) : retention;
    keepAtLeast = keepAtLeast == null ? 3 : Math.max(1, keepAtLeast);
    schema = schema == null || schema.isBlank() ? null : schema.strip();
  }
}
