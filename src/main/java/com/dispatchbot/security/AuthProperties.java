package com.dispatchbot.security;

import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Auth settings (application.yaml {@code dispatch.auth.*}).
 *
 * @param publicChat PUBLIC_CHAT: {@code POST /chat} answers without a key on the default tenant
 *     (the public web-chat entry, rate limited per client IP); false: it needs a caller key
 * @param demoCredentialsFile DEMO_CREDENTIALS_FILE: where the sample tenant's first key and
 *     passwords are written (mode 600), once
 */
@Validated
@ConfigurationProperties("dispatch.auth")
public record AuthProperties(boolean publicChat, @NotNull Path demoCredentialsFile) {}
