package com.dispatchbot.security;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Requests per minute (application.yaml {@code dispatch.rate-limit.*}). Each is a token bucket that
 * refills continuously, so a client that used its minute may send again as tokens come back.
 *
 * @param perKey RATE_LIMIT_PER_KEY: API requests per API key (or console user)
 * @param perPhone RATE_LIMIT_PER_PHONE: conversation starts and caller messages per caller phone
 * @param publicChat RATE_LIMIT_PUBLIC_CHAT: keyless {@code POST /chat} requests per client IP
 * @param login RATE_LIMIT_LOGIN: console login attempts per client IP
 */
@Validated
@ConfigurationProperties("dispatch.rate-limit")
public record RateLimitProperties(
    @Min(1) int perKey, @Min(1) int perPhone, @Min(1) int publicChat, @Min(1) int login) {}
