package com.dispatchbot.activities.cache;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.context.annotation.Configuration;
import org.springframework.validation.annotation.Validated;

/**
 * The semantic response cache ({@code dispatch.cache.*}).
 *
 * @param enabled ENABLE_RESPONSE_CACHE (off by default: a cached answer does not see a knowledge
 *     base that changed since, until CACHE_TTL passes)
 * @param similarThreshold CACHE_SIMILAR_THRESHOLD, the cosine similarity of two questions'
 *     embeddings above which one's answer serves the other
 * @param ttl CACHE_TTL; a plain number means seconds
 * @param cachedOnly USE_CACHED_ONLY: no model is asked; a miss is answered by the rules
 * @param candidates how many of a tenant's latest live entries a lookup compares with
 */
@Validated
@ConfigurationProperties("dispatch.cache")
public record CacheProperties(
    Boolean enabled,
    @DecimalMin("0.0") @DecimalMax("1.0") Double similarThreshold,
    @DurationUnit(ChronoUnit.SECONDS) @DurationMin(seconds = 1) Duration ttl,
    Boolean cachedOnly,
    @Min(1) @Max(100_000) Integer candidates) {

  public CacheProperties {
    enabled = enabled != null && enabled;
    similarThreshold = similarThreshold == null ? 0.85 : similarThreshold;
    ttl = ttl == null ? Duration.ofHours(24) : ttl;
    cachedOnly = cachedOnly != null && cachedOnly;
    candidates = candidates == null ? 2_000 : candidates;
  }

  public static CacheProperties defaults() {
    return new CacheProperties(null, null, null, null, null);
  }

  /** Binds the properties; the activities are plain components. */
  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(CacheProperties.class)
  public static class Binding {}
}
